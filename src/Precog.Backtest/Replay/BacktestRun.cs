using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Precog.Actors.Alerts;
using Precog.Actors.Catalog;
using Precog.Actors.Hosting;
using Precog.Actors.Simulation;
using Precog.Actors.Time;
using Precog.Backtest.Tapes;
using Precog.Configuration;
using Precog.Domain.Games;
using Precog.Domain.Models;
using Precog.Domain.Experiments;
using Precog.Domain.Strategies;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;
using Precog.Persistence;
using Precog.Persistence.Journal;
using Precog.Persistence.Projection;
using Precog.Persistence.Schema;
using Serilog;

namespace Precog.Backtest.Replay;

/// <summary>What a backtest replays, with what, and where it writes.</summary>
/// <param name="Database">The database the engine journals into and the projection fills; it must hold no earlier run.</param>
/// <param name="ReportDirectory">Where the log, the alerts and (by the caller) the report go.</param>
public sealed record BacktestOptions(Tape Tape, IReadOnlyList<StrategyDefinition> Strategies, int Seed, DatabaseTarget Database, string ReportDirectory)
{
    public Money Bankroll { get; init; } = new(10_000m);

    /// <summary>How long after the last event the run goes on, for the last exits (as the game day's grace).</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The model version a strategy prices with unless it names another (<see cref="StrategyDefinition.Model"/>).</summary>
    public BacktestModel Model { get; init; } = BacktestModels.Default;

    /// <summary>
    /// Every model version the run prices with: <see cref="Model"/> first, then the others the strategies name, in the
    /// strategies' order (two versions of one model compared in one run). A model no known version is labelled by is refused.
    /// </summary>
    public IReadOnlyList<BacktestModel> Models => [.. Strategies.Select(s => s.Model).Prepend(Model.Label).Distinct(StringComparer.Ordinal)
        .Select(label => label == Model.Label ? Model
            : BacktestModels.ByLabel(label) ?? throw new ArgumentException($"strategy model '{label}' is not a known model version ({string.Join(", ", BacktestModels.Known.Keys)})"))];

    /// <summary>How the first two strategies are compared: each sees every market, or each market goes to one by a seeded draw.</summary>
    public AbMode Ab { get; init; } = AbMode.SideBySide;

    /// <summary>The split of <see cref="AbMode.Split"/>: the first two versions, drawn by the run's seed, 50/50.</summary>
    public AbSplit? Split => Ab == AbMode.Split && Strategies.Count >= 2 ? new AbSplit(Seed, Strategies[0].Label, Strategies[1].Label) : null;
}

/// <summary>TRADING_RULES.md §8's two ways to compare versions over one tape.</summary>
public enum AbMode { SideBySide, Split }

/// <summary>The model's and the market's pre-game probability of YES for one settled game, with its result.</summary>
public sealed record GameForecast(string GameId, string Ticker, double Model, double Market, double Outcome);

/// <summary>Another model version's forecasts of the same games (a run that prices with more than one).</summary>
public sealed record ModelForecasts(BacktestModel Model, IReadOnlyList<GameForecast> Games);

/// <summary>What the run left behind, beyond the database: the venue's balance, the forecasts, and how long it took.</summary>
/// <param name="Forecasts">The forecasts of the run's <see cref="BacktestOptions.Model"/>.</param>
public sealed record BacktestResult(
    BacktestOptions Options, decimal StartingBalance, decimal FinalBalance, IReadOnlyList<GameForecast> Forecasts, long Steps, long Events, TimeSpan Elapsed)
{
    /// <summary>The forecasts of every other model version the strategies priced with, in <see cref="BacktestOptions.Models"/>' order.</summary>
    public IReadOnlyList<ModelForecasts> OtherModels { get; init; } = [];
}

/// <summary>
/// A backtest: composes the very engine the node runs (<see cref="PrecogEngine.WithPrecogEngine"/>) on a virtual
/// clock starting at the tape's first moment, with the simulated exchange as its venue and seeded ids, feeds the
/// tape through a <see cref="TapeDriver"/> one input per step, and when the tape is over projects the journal
/// into the relational tables. Same tape, strategies and seed: the same run.
/// </summary>
public static class BacktestRun
{
    /// <summary>
    /// Where a replay's settings differ from a live node's, and why (docs/DECISIONS.md, "Backtests"): a pregame tape
    /// quotes a market hours apart, so a held position's price is that old by design, not a dead feed; nobody is
    /// there to reset a tripped consecutive-losses breaker by hand, so one losing streak would end trading for the
    /// rest of the season; the ages are checked once an hour rather than every 10 s (a season has 13,000 hours). The rows
    /// the run projects are tagged execution_environment = backtest.
    /// </summary>
    public const string Hocon = """
        precog.trading.breakers {
          price-max-age = 24h
          stale-check-interval = 1h
          consecutive-losses = 1000000
        }
        precog.scd-writer.execution-environment = backtest
        """;

    public static async Task<BacktestResult> RunAsync(BacktestOptions o, ReplayProgress progress, CancellationToken ct = default)
    {
        var config = PrecogConfig.Compose((HoconText.Parse(Hocon, "backtest settings"), "backtest settings"));
        var trading = TradingSettingsBinder.Bind(config);
        Directory.CreateDirectory(o.ReportDirectory);
        await MigrationRunner.MigrateAsync(o.Database, TeamsSeed.DefaultFile(Environment.CurrentDirectory, AppContext.BaseDirectory), ct);

        var tape = o.Tape;
        var start = tape.Header.From.AddMinutes(-1);
        var time = new VirtualClock(start);
        var exchange = new SimulatedExchange(new SimulatedExchangeSettings(Seed: o.Seed, StartingBalance: o.Bankroll.Value), time);
        var ratings = new GameRatingsTable();
        var models = o.Models.ToDictionary(m => m.Label, m => m.Create(ratings.Find));
        var model = models[o.Model.Label];
        var ids = new SeededIds(o.Seed, start);
        var engine = new EngineOptions("backtest", time, trading, o.Strategies, model, ModelSampleSize, exchange, exchange.MarketData, o.Bankroll,
            [new FileAlertChannel(Path.Combine(o.ReportDirectory, "alerts"))])
        {
            NewPositionId = ids.NewPositionId, NewOrderId = ids.NewOrderId,
            // the simulated venue never disagrees with the engine's book of positions; hourly is plenty to show it
            Gateway = Actors.Gateway.ExchangeGatewaySettings.Default with { ReconcileInterval = TimeSpan.FromHours(1) },
            Split = o.Split,
            Models = models,
        };

        Log.Logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.File(Path.Combine(o.ReportDirectory, "backtest.log")).CreateLogger();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkka("precog", b => b
            .AddHocon(config, HoconAddMode.Prepend)
            .AddHocon(JournalConfig.For(o.Database), HoconAddMode.Append)
            .AddHocon(Quiescence.Hocon, HoconAddMode.Prepend)
            .ConfigureLoggers(l =>
            {
                l.ClearLoggers();
                l.AddLogger<SerilogLogger>();
            })
            .WithPrecogEngine(engine));
        var wall = Stopwatch.StartNew();
        long steps;
        using (var host = builder.Build())
        {
            await host.StartAsync(ct);
            try
            {
                var system = host.Services.GetRequiredService<ActorSystem>();
                var registry = host.Services.GetRequiredService<ActorRegistry>();
                var catalog = await registry.GetAsync<CatalogKey>(ct);
                await catalog.Ask<VersionsRegistered>(new RegisterVersions(o.Strategies,
                    [.. o.Models.Select(m => (m.Label, "elo_ingame", m.Description))]),
                    TimeSpan.FromSeconds(30), ct);
                await EngineReady.WaitAsync(system, registry, ct);

                var finished = new TaskCompletionSource<TapeFinished>(TaskCreationOptions.RunContinuationsAsynchronously);
                var listener = system.ActorOf(Props.Create(() => new FinishListener(finished)), "tape-listener");
                system.ActorOf(TapeDriver.Props(tape, exchange, await registry.GetAsync<MarketRegion>(ct), await registry.GetAsync<GameRegion>(ct),
                    await registry.GetAsync<FeedKey>(ct), ratings, time, o.Grace, progress, listener), "tape-driver");
                var runner = new VirtualTimeRunner(time, Quiescence.Required(system),
                    null, w => Log.Warning("Virtual time: {Warning}", w));
                await runner.RunAsync(finished.Task, stopWhenDone: true, ct);
                await finished.Task; // a tape event the venue refused ends the run here, naming it
                steps = runner.Steps;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
                await Log.CloseAndFlushAsync();
            }
        }
        var elapsed = wall.Elapsed;
        await new ScdWriter(o.Database, ScdWriterSettings.Bind(config), TimeProvider.System).CatchUpAsync(ct);
        return new BacktestResult(o, o.Bankroll.Value, exchange.Balance.Value, Forecasts(tape, model), steps, progress.Events, elapsed)
        {
            OtherModels = [.. o.Models.Skip(1).Select(m => new ModelForecasts(m, Forecasts(tape, models[m.Label])))],
        };
    }

    /// <summary>The games the model was tried against: each settled market's game, the model's and the first quote's P(YES), the result.</summary>
    private static List<GameForecast> Forecasts(Tape tape, NflWinModel model)
    {
        var pregame = tape.Events.OfType<GameStateRecorded>().Where(g => g.Status == GameStatus.Pregame).GroupBy(g => g.GameId).ToDictionary(g => g.Key, g => g.First());
        var firstBook = tape.Events.OfType<BookSnapshotted>().GroupBy(b => b.Ticker).ToDictionary(g => g.Key, g => g.First());
        var settled = tape.Events.OfType<MarketSettled>().ToDictionary(s => s.Ticker, s => s.YesPayout);
        var forecasts = new List<GameForecast>();
        foreach (var m in tape.Events.OfType<MarketListed>())
        {
            if (m.GameId is not { } id || !pregame.TryGetValue(id, out var g) || !settled.TryGetValue(m.Ticker, out var payout) || !firstBook.TryGetValue(m.Ticker, out var book)) continue;
            var state = new GameStateChanged(g.League, g.GameId, g.Home, g.Away, 0, 0, g.Period, g.Clock, null, null, null, GameStatus.Pregame, g.At);
            if (model.Estimate(state) is not { } estimate) continue;
            var yesIsHome = m.Ticker.EndsWith($"-{g.Home}", StringComparison.Ordinal);
            var bestYes = book.YesBids.Select(l => l.Price).DefaultIfEmpty(0m).Max();
            var bestNo = book.NoBids.Select(l => l.Price).DefaultIfEmpty(0m).Max();
            forecasts.Add(new GameForecast(id, m.Ticker, yesIsHome ? estimate.HomeWins : 1 - estimate.HomeWins, (double)((bestYes + 1m - bestNo) / 2), (double)payout));
        }
        return forecasts;
    }

    /// <summary>The games the in-game model was checked on (as the node): enough for the high confidence tier.</summary>
    private const int ModelSampleSize = 1000;

    private sealed class FinishListener : ReceiveActor
    {
        public FinishListener(TaskCompletionSource<TapeFinished> finished)
        {
            Receive<TapeFinished>(f => finished.TrySetResult(f));
            Receive<TapeFailed>(f => finished.TrySetException(new TapeReplayException(f.Reason)));
        }
    }
}
