using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Precog.Actors.Catalog;
using Precog.Actors.Hosting;
using Precog.Actors.Simulation;
using Precog.Actors.Time;
using Precog.Domain.Models;
using Precog.Exchanges.Simulated;
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
    GameDaySettings settings, VirtualClock clock, IHostApplicationLifetime lifetime, NodeRecording recording) : BackgroundService
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
            await registry.GetAsync<FeedKey>(stoppingToken), settings.Pace, engine.Time, listener, recording.DayInputs);
        Log.Information("Scripted game day (seed {Seed}, starting {Start:u}): {Games} games on the simulated exchange, a tick every {Tick} of game time, clock {Speed}",
            settings.Seed, settings.Start, day.Games.Count, settings.Pace.Tick, settings.Speed is { } x ? $"{x}x the wall clock" : "as fast as the engine goes");

        await EngineReady.WaitAsync(system, registry, stoppingToken); // shard regions registered, singletons found: nothing buffered out of the count's sight
        system.ActorOf(driver, "game-day");
        var played = Stopwatch.StartNew();
        await new VirtualTimeRunner(clock, Quiescence.Required(system),
            settings.Speed, w => Log.Warning("Virtual time: {Warning}", w)).RunAsync(finished.Task, settings.ExitWhenOver, stoppingToken);
        Log.Information("Game day played: {Span} of the day's clock in {Elapsed:0.0} s", clock.GetUtcNow() - settings.Start, played.Elapsed.TotalSeconds);
        await DaySummaryReport.ProjectionCaughtUpAsync(node, TimeSpan.FromMinutes(2), stoppingToken);
        DaySummaryReport.Print("Game day summary", await DaySummary.ReadAsync(node.Database, stoppingToken), exchange.Balance);
        if (settings.ExitWhenOver) lifetime.StopApplication();
    }


    private sealed class FinishListener : ReceiveActor
    {
        public FinishListener(TaskCompletionSource<GameDayFinished> finished) => Receive<GameDayFinished>(f => finished.TrySetResult(f));
    }
}
