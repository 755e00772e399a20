using Precog.Host.Admin;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Precog.Actors.Alerts;
using Precog.Actors.Hosting;
using Precog.Configuration;
using Precog.Domain.Models;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Kalshi;
using Precog.Exchanges.Paper;
using Precog.Persistence.Journal;
using Serilog;
using Serilog.Extensions.Logging;

namespace Precog.Host;

/// <summary>
/// The node trading on Kalshi (<c>--exchange kalshi-demo|kalshi</c>): the engine on the Kalshi REST client and WebSocket
/// stream, on the wall clock (TimeProvider.System and Akka's own mailboxes: no virtual clock, no quiescence counting),
/// following the configured series' open markets until Ctrl+C.
/// </summary>
public static class KalshiNode
{
    /// <summary>The execution_environment a paper node's rows are tagged with (migration 006).</summary>
    public const string PaperEnvironment = "paper";

    /// <summary>Reads of the balance before the engine starts (the bankroll): the venue may fail a call now and then.</summary>
    private const int BalanceAttempts = 5;

    /// <param name="paper">Paper trading: Kalshi's markets and live books, every order filled by the simulator (<see cref="PaperExchange"/>).</param>
    /// <param name="record">The tape the node's inputs are recorded to, or null.</param>
    public static async Task<IHost> BuildAsync(NodeSettings settings, KalshiNodeSettings kalshi, bool paper = false, string? record = null, ClusterNodeSettings? cluster = null, CancellationToken ct = default)
    {
        var time = TimeProvider.System;
        var loggers = new SerilogLoggerFactory(Log.Logger);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // timeouts are the client's own, on its TimeProvider
        var kalshiExchange = new KalshiExchange(kalshi.Rest, kalshi.Signer, http, time);
        IMarketDataStream stream = new KalshiMarketStream(kalshi.Stream, kalshi.Signer, time, logger: loggers.CreateLogger<KalshiMarketStream>(), orderHints: kalshiExchange.HintOf);
        IExchange exchange = kalshiExchange;
        Money bankroll;
        if (paper)
        {
            var paperExchange = new PaperExchange(kalshiExchange, stream, kalshi.PaperBalance, time);
            paperExchange.Refused += why => Log.Warning("Paper book not updated: {Reason}", why);
            (exchange, stream, bankroll) = (paperExchange, paperExchange, new Money(kalshi.PaperBalance));
            settings = settings with { ScdWriter = settings.ScdWriter with { ExecutionEnvironment = PaperEnvironment } };
            Log.Information("Paper trading: {Venue}'s markets and live books, orders filled by the simulator (none reach Kalshi), paper balance {Balance}; rows tagged {Environment}",
                kalshi.Describe(), kalshi.PaperBalance, PaperEnvironment);
        }
        else
        {
            bankroll = await BalanceAsync(kalshiExchange, ct);
            Log.Information("Kalshi balance {Balance}: the bankroll entries are sized on", bankroll.Value);
        }

        var ratings = NodeCommand.TeamRatings();
        var recording = NodeRecording.Open(record, $"node {(kalshi.Environment == ExchangeChoice.KalshiDemo ? "kalshi-demo" : "kalshi")}{(paper ? " paper" : "")}", time, ratings);
        stream = recording.Wrap(stream);
        var model = new NflWinModel(ratings, Precog.Domain.Models.Elo.EloConfig.Nfl538, Precog.Domain.Models.InGame.InGameConfig.Nfl);
        var engine = new EngineOptions(cluster?.Name ?? Environment.MachineName, time, settings.Trading, NodeCommand.Strategies, model, NodeCommand.ModelSampleSize, exchange, stream, bankroll,
            [new ConsoleAlertChannel(), new FileAlertChannel(Path.Combine(settings.DataDirectory, "alerts"))])
        {
            Gateway = kalshi.Gateway(),
            Cluster = cluster?.Node,
        };
        if (cluster is not null) engine = engine with { Hostname = cluster.Hostname, Port = cluster.Port };
        // on a cluster, the nodes of the feeds role list the markets and read the game feed; the stream itself is a singleton
        var feeds = cluster is null || cluster.Has(ClusterNode.Feeds);
        return Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .UseSerilog()
            .ConfigureServices(services =>
            {
                services.AddSingleton(recording);
                services.AddHostedService<NodeRecordingService>(); // first registered, last stopped: the tape closes after the engine
                services.AddSingleton(settings);
                services.AddSingleton<TimeProvider>(time);
                services.AddSingleton(engine);
                services.AddSingleton(kalshi);
                services.AddSingleton(kalshi.Espn);
                services.AddSingleton<EspnGameBook>();
                if (cluster is null) services.AddHostedService<ScdWriterService>();
                services.AddHostedService<DatabaseWatchService>(); // every node: entries stop on the node that cannot reach the database
                services.AddAkka("precog", builder => builder
                    .AddHocon(settings.Config, HoconAddMode.Prepend)
                    .AddHocon(JournalConfig.For(settings.Database), HoconAddMode.Append)
                    .ConfigureLoggers(l =>
                    {
                        l.ClearLoggers();
                        l.AddLogger<SerilogLogger>();
                    })
                    .WithPrecogEngine(engine)
                    .WithScdWriterSingleton(settings, cluster)
                    .AddStartup((system, _) => NodeBanner.Announce(system, settings, $"{kalshi.Describe()}; {kalshi.Espn.Describe()}{(kalshi.Polymarket.Enabled ? $"; {kalshi.Polymarket.Describe()}" : "")}", cluster)));
                if (feeds)
                {
                    services.AddHostedService<EspnFeedService>();
                    services.AddHostedService<KalshiMarketsService>();
                    if (kalshi.Polymarket.Enabled) services.AddHostedService<PolymarketFeedService>(); // a single node's (NodeCommand refuses it with --cluster)
                }
                services.AddHostedService<SessionSummaryService>(); // stops first: the engine and the SCD writer still run
            })
            .ConfigureWebHost(web => web.UsePrecogAdmin(settings, AdminSettings.Bind(settings.Config, settings.DataDirectory))) // the operator's API on a live node too
            .Build();
    }

    /// <summary>The account's cash: the bankroll. A key Kalshi refuses is fatal at once; an outage is tried a few times.</summary>
    private static async Task<Money> BalanceAsync(KalshiExchange exchange, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await exchange.GetBalanceAsync(ct);
            }
            catch (ExchangeAuthenticationException e)
            {
                throw new SettingsException($"Kalshi refused the key: {e.Message}");
            }
            catch (ExchangeException e) when (attempt < BalanceAttempts)
            {
                Log.Warning("Kalshi balance not read ({Reason}); attempt {Attempt} of {Attempts}", e.Message, attempt, BalanceAttempts);
                await Task.Delay(TimeSpan.FromSeconds(attempt), TimeProvider.System, ct);
            }
        }
    }
}
