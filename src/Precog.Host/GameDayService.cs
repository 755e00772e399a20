using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Precog.Actors.Catalog;
using Precog.Actors.Hosting;
using Precog.Actors.Simulation;
using Precog.Actors.Time;
using Precog.Domain.Models;
using Precog.Exchanges.Simulated;
using Precog.Persistence.Projection;
using Precog.Persistence.ReadModels;
using Serilog;

namespace Precog.Host;

/// <summary>
/// The scripted day the node plays on the simulated exchange: its seed, games and pace, when it starts on its
/// clock, and how fast that clock runs against the wall (<paramref name="Speed"/> null: as fast as the engine goes).
/// </summary>
public sealed record GameDaySettings(int Seed, int Games, GameDayPace Pace, bool ExitWhenOver, double? Speed, DateTimeOffset Start)
{
    /// <summary>The day's script beyond seed and games: named match-ups, bankroll, the venue's prices and faults.</summary>
    public GameDayScenario Scenario { get; init; } = GameDayScenario.Default;
}

/// <summary>
/// Registers the versions the node trades with, starts the scripted game day once the engine is up, and when
/// the day is over waits for the projection to catch up with the journal, prints the day's summary and (unless
/// the node is kept up) stops the node.
/// </summary>
public sealed class GameDayService(
    ActorSystem system, ActorRegistry registry, NodeSettings node, EngineOptions engine, SimulatedExchange exchange, GameDaySimulation day,
    GameDaySettings settings, VirtualClock clock, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var catalog = await registry.GetAsync<CatalogKey>(stoppingToken);
        var registered = await catalog.Ask<VersionsRegistered>(new RegisterVersions(engine.Strategies,
            [(NflWinModel.DefaultLabel, "elo_ingame", "{\"elo\":\"fivethirtyeight_nfl\",\"in_game\":\"stern_1994\",\"sigma\":13.45}")]), TimeSpan.FromSeconds(30), stoppingToken);
        Log.Information("Versions: {Strategies} ({New} newly registered)", string.Join(", ", engine.Strategies.Select(s => s.Label)), registered.New);

        var finished = new TaskCompletionSource<GameDayFinished>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(Props.Create(() => new FinishListener(finished)), "game-day-listener");
        var driver = GameDayDriver.Props(exchange, day, engine.Model, await registry.GetAsync<MarketRegion>(stoppingToken), await registry.GetAsync<GameRegion>(stoppingToken),
            await registry.GetAsync<FeedKey>(stoppingToken), settings.Pace, engine.Time, listener);
        Log.Information("Scripted game day (seed {Seed}, starting {Start:u}): {Games} games on the simulated exchange, a tick every {Tick} of game time, clock {Speed}",
            settings.Seed, settings.Start, day.Games.Count, settings.Pace.Tick, settings.Speed is { } x ? $"{x}x the wall clock" : "as fast as the engine goes");

        await EngineReady.WaitAsync(system, registry, stoppingToken); // shard regions registered, singletons found: nothing buffered out of the count's sight
        system.ActorOf(driver, "game-day");
        var played = Stopwatch.StartNew();
        await new VirtualTimeRunner(clock, Quiescence.Required(system),
            settings.Speed, w => Log.Warning("Virtual time: {Warning}", w)).RunAsync(finished.Task, settings.ExitWhenOver, stoppingToken);
        Log.Information("Game day played: {Span} of the day's clock in {Elapsed:0.0} s", clock.GetUtcNow() - settings.Start, played.Elapsed.TotalSeconds);
        await ProjectionCaughtUpAsync(stoppingToken);
        Print(await DaySummary.ReadAsync(node.Database, stoppingToken), exchange.Balance);
        if (settings.ExitWhenOver) lifetime.StopApplication();
    }


    /// <summary>Waits until the node's SCD writer has projected the whole day (a second writer would only race it).</summary>
    private async Task ProjectionCaughtUpAsync(CancellationToken ct)
    {
        var projection = new ScdWriter(node.Database, node.ScdWriter, TimeProvider.System);
        var end = await projection.JournalEndAsync(ct);
        var patience = Stopwatch.StartNew();
        while (await projection.OffsetAsync(ct) < end)
        {
            if (patience.Elapsed > TimeSpan.FromMinutes(2))
            {
                Log.Warning("The SCD writer has not projected the journal up to ordering {End} after 2 minutes: the summary below may be short", end);
                return;
            }
            await Task.Delay(100, ct);
        }
    }

    private static void Print(DaySummary s, Precog.Domain.Values.Money balance)
    {
        static string N(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "",
            "==== Game day summary ====",
            $"trades                 {s.Trades}",
            $"positions              {string.Join(", ", s.PositionsByStatus.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key}"))}",
            "realized P&L by strategy version:",
        };
        lines.AddRange(s.ByStrategy.Select(x => $"  {x.Strategy,-24} {x.Positions,4} positions   {N(x.RealizedPnl),10}"));
        lines.Add("exits by condition:");
        lines.AddRange(s.ExitsByCondition.Select(x => $"  {x.Condition,-24} {x.Exits,4} exits       {x.Contracts,6} contracts"));
        lines.Add($"breaker trips          {(s.BreakerTrips.Count == 0 ? "none" : string.Join(", ", s.BreakerTrips.Select(b => $"{b.Key} {b.Value}")))}");
        lines.Add($"alerts                 {(s.AlertsBySeverity.Count == 0 ? "none" : string.Join(", ", s.AlertsBySeverity.Select(a => $"{a.Value} {a.Key}")))}");
        if (s.OpenBreakers.Count > 0)
            lines.Add($"still open             {string.Join(", ", s.OpenBreakers)}: they block entries of later runs on this database until reset (or start afresh without ./data)");
        lines.Add($"exchange balance       {N(balance.Value)}");
        Log.Information("{Summary}", string.Join(Environment.NewLine, lines));
    }

    private sealed class FinishListener : ReceiveActor
    {
        public FinishListener(TaskCompletionSource<GameDayFinished> finished) => Receive<GameDayFinished>(f => finished.TrySetResult(f));
    }
}
