using System.CommandLine;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Precog.Configuration;
using Precog.Persistence.Journal;
using Precog.Persistence.Overrides;
using Precog.Persistence.Projection;
using Precog.Persistence;
using Precog.Persistence.Schema;
using Precog.Actors.Alerts;
using Precog.Actors.Hosting;
using Precog.Actors.Simulation;
using Precog.Actors.Time;
using Precog.Domain.Models;
using Precog.Domain.Strategies;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;
using Precog.Host.Admin;
using Microsoft.AspNetCore.Hosting;
using Serilog;

namespace Precog.Host;

/// <summary>
/// The node process: `dotnet run --project src/Precog.Host [-- --config FILE --data-dir DIR --db CONN]`.
/// Composes configuration and logging, brings the database's schema up to date, then starts the actor
/// system; the trading actors join it in later issues.
/// </summary>
public static class NodeCommand
{
    public const int BadInput = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var config = new Option<string?>("--config") { Description = "HOCON file overriding the shipped precog.conf" };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for the embedded database and logs", DefaultValueFactory = _ => "data" };
        var db = new Option<string?>("--db") { Description = "The database: a PostgreSQL connection string or a SQLite file (default: DATA-DIR/precog.db)" };
        var realtime = new Option<bool>("--realtime") { Description = "Play the game day at wall-clock speed and keep the node up when it ends (Ctrl+C stops it)" };
        var start = new Option<DateTimeOffset?>("--start") { Description = "When the scripted day starts on its clock (ISO 8601, UTC); default: now. Same seed and start, same day, same trades" };
        // one option, two meanings told apart by form: a whole number seeds the scripted day, an akka.tcp:// address is a seed node
        var seed = new Option<string[]>("--seed")
        {
            Description = "Seed of the scripted game day (a whole number: same seed, same day; default 7), or with --cluster a seed node akka.tcp://precog@HOST:PORT (repeat for several; the first node names itself)",
            Arity = ArgumentArity.OneOrMore,
        };
        var games = new Option<int>("--games") { Description = "Games in the scripted day (1-16)", DefaultValueFactory = _ => 6 };
        var speed = new Option<string>("--speed") { Description = "How fast the day's clock runs: 'max' (as fast as the engine finishes each step) or N times the wall clock (1-10000)", DefaultValueFactory = _ => "max" };
        var keepUp = new Option<bool>("--keep-up") { Description = "Keep the node up when the day is over (its clock then follows the wall); Ctrl+C stops it" };
        var scenario = new Option<string?>("--scenario") { Description = "A JSON file describing the scripted day: seed, start, games, bankroll, the venue's prices and faults (see README); options given on the command line win" };
        var exchange = new Option<string>("--exchange") { Description = "The venue: simulated (the scripted game day), kalshi-demo or kalshi (your key from precog.kalshi.* or PRECOG_KALSHI_KEY_ID/PRECOG_KALSHI_KEY_FILE)", DefaultValueFactory = _ => "simulated" };
        var clustered = new Option<bool>("--cluster") { Description = "Join a cluster (README \"Scale out\"): needs --db on PostgreSQL and --exchange kalshi-demo|kalshi" };
        var port = new Option<int?>("--port") { Description = "The cluster port this node listens on (default precog.cluster.port, 4053)" };
        var hostname = new Option<string?>("--hostname") { Description = "The interface the cluster port binds (default precog.cluster.hostname, 127.0.0.1)" };
        var roles = new Option<string?>("--roles") { Description = "This node's roles, comma-separated: trading, feeds, gateway (default: all three)" };
        var paper = new Option<bool>("--paper") { Description = "Paper trading (with --exchange kalshi-demo|kalshi): the venue's markets and live books, every order filled by the simulator against them; no order reaches the venue; rows tagged execution_environment = paper" };
        var record = new Option<string?>("--record") { Description = "Record the node's inputs (listings, books, settlements, game states) to this tape (gzip JSON lines), replayable with `precog backtest --tape`" };
        var root = new RootCommand("Precog node: single node on the embedded defaults") { config, dataDir, db, realtime, seed, games, speed, start, scenario, exchange, keepUp, paper, record, clustered, port, hostname, roles };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"precog node: {parse.Errors[0].Message}");
            return BadInput;
        }
        if (args.Any(a => a is "-h" or "--help" or "-?"))
            return parse.Invoke();

        NodeSettings settings;
        GameDaySettings day;
        KalshiNodeSettings? kalshi = null;
        ClusterNodeSettings? cluster;
        try
        {
            settings = NodeSettings.Load(parse.GetValue(config), parse.GetValue(dataDir)!, parse.GetValue(db));
            var venue = KalshiNodeSettings.ParseChoice(parse.GetValue(exchange)!);
            var (daySeeds, seedNodes) = Seeds(parse.GetValue(seed) ?? []);
            cluster = ClusterNodeSettings.Load(settings.Config,
                new ClusterNodeSettings.Given(parse.GetValue(clustered), parse.GetValue(hostname), parse.GetValue(port), seedNodes, parse.GetValue(roles)),
                Environment.GetEnvironmentVariable, settings.Database, sharedVenue: venue != ExchangeChoice.Simulated);
            if (cluster is null && (seedNodes.Count > 0 || parse.GetResult(port) is { Implicit: false } || parse.GetResult(roles) is { Implicit: false }))
                throw new SettingsException("--seed akka.tcp://..., --port and --roles are a cluster node's: add --cluster (or set precog.cluster.enabled = on)");
            if (cluster is not null && parse.GetValue(paper))
                throw new SettingsException("--paper is a single node's: its simulator keeps the paper orders and fills in this process, which another node could not take over; leave out --cluster");
            if (venue != ExchangeChoice.Simulated) kalshi = KalshiNodeSettings.Load(settings.Config, venue, Environment.GetEnvironmentVariable);
            if (PolymarketNodeSettings.Load(settings.Config).Enabled && (kalshi is null || cluster is not null))
                throw new SettingsException(kalshi is null
                    ? $"{PolymarketNodeSettings.Section}.enabled = on is a Kalshi node's (its markets are priced beside Kalshi's): give --exchange kalshi-demo or kalshi, or turn it off"
                    : $"{PolymarketNodeSettings.Section}.enabled = on is a single node's: its market feed is not a cluster singleton yet; leave out --cluster or turn it off");
            if (venue == ExchangeChoice.Simulated && parse.GetValue(paper))
                throw new SettingsException("--paper trades a live venue's data on the simulator: give --exchange kalshi-demo or kalshi (the simulated day already fills every order on the simulator)");
            var script = parse.GetValue(scenario) is { } file ? GameDayScenario.Load(file) : GameDayScenario.Default;
            bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
            if (script.Games is not null && Given(games))
                throw new SettingsException("--games: the scenario names its games; leave --games out or the games out of the scenario");
            var count = Given(games) ? parse.GetValue(games) : script.GameCount ?? parse.GetValue(games);
            if (count is < 1 or > 16) throw new SettingsException($"--games {count} is not between 1 and 16");
            var live = parse.GetValue(realtime);
            var factor = live ? 1 : Speed(parse.GetValue(speed)!);
            var begin = (Given(start) ? parse.GetValue(start) : null) ?? script.Start ?? DateTimeOffset.UtcNow;
            begin = new DateTimeOffset(begin.UtcTicks - begin.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            var daySeed = daySeeds.Count > 0 ? daySeeds[0] : script.Seed ?? DefaultDaySeed;
            day = new GameDaySettings(daySeed, count, live ? GameDayPace.Fine : GameDayPace.Standard, !live && !parse.GetValue(keepUp), factor, begin) { Scenario = script };
        }
        catch (SettingsException e)
        {
            Console.Error.WriteLine($"precog node: {e.Message}");
            return BadInput;
        }

        Log.Logger = NodeLogging.Create(settings.LogDirectory);
        try
        {
            if (!await MigrateAsync(settings.Database)) return 1;
            await using var overrides = await FollowOverridesAsync(settings);
            if (overrides is null) return 1;
            settings = settings with { Trading = overrides.Current.Settings };
            IHost host;
            try
            {
                host = kalshi is null ? Build(settings, day, parse.GetValue(record)) : await KalshiNode.BuildAsync(settings, kalshi, parse.GetValue(paper), parse.GetValue(record), cluster);
            }
            catch (SettingsException e)
            {
                Log.Fatal("Precog node cannot start: {Reason}", e.Message);
                return BadInput;
            }
            using var _ = host;
            await host.RunAsync();
            return 0;
        }
        catch (Exception e)
        {
            Log.Fatal(e, "Precog node stopped on an error");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private const int DefaultDaySeed = 7;

    /// <summary>--seed: whole numbers seed the scripted day (one at most), akka.tcp:// addresses are the cluster's seed nodes.</summary>
    private static (List<int> Day, List<string> Nodes) Seeds(string[] values)
    {
        var day = new List<int>();
        var nodes = new List<string>();
        foreach (var v in values)
        {
            if (int.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)) day.Add(n);
            else if (v.StartsWith("akka", StringComparison.OrdinalIgnoreCase)) nodes.Add(v);
            else throw new SettingsException($"--seed {v} is neither a whole number (the game day's seed) nor a seed node (akka.tcp://precog@HOST:PORT)");
        }
        if (day.Count > 1) throw new SettingsException($"--seed is given {day.Count} day seeds ({string.Join(", ", day)}); give one");
        return (day, nodes);
    }

    /// <summary>--speed: null for 'max' (unpaced), else the factor.</summary>
    private static double? Speed(string text)
    {
        if (string.Equals(text, "max", StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10_000) return n;
        throw new SettingsException($"--speed {text} is neither 'max' nor a whole number between 1 and 10000");
    }

    /// <summary>Applies the pending migrations and seeds the teams; on failure logs one line (password masked) and says no.</summary>
    private static async Task<bool> MigrateAsync(DatabaseTarget database)
    {
        try
        {
            var report = await MigrationRunner.MigrateAsync(database, TeamsSeed.DefaultFile(Environment.CurrentDirectory, AppContext.BaseDirectory));
            Log.Information("Database {Database}: {Schema}", database.ToString(), report.Schema);
            Log.Information("Database {Database}: {Teams}", database.ToString(), report.Teams);
            return true;
        }
        catch (MigrationException e)
        {
            Log.Fatal("Precog node cannot start: {Reason}", e.Message);
            return false;
        }
    }

    /// <summary>
    /// Reads the config_overrides rows in force and keeps following them (docs/PERSISTENCE.md). Rows that
    /// cannot apply stop the start, as a bad --config does; later, a bad refresh keeps the last good settings.
    /// </summary>
    private static async Task<ConfigOverrideWatcher?> FollowOverridesAsync(NodeSettings settings)
    {
        var watcher = new ConfigOverrideWatcher(new ConfigOverrideReader(settings.Database, TimeProvider.System), settings.Config,
            ConfigOverridesSettings.Bind(settings.Config).PollInterval, TimeProvider.System);
        try
        {
            var current = await watcher.StartAsync();
            if (!current.Overlay.IsEmpty)
                Log.Information("config_overrides in force: {Overrides}", current.Overlay.Text.Replace("\n", "; ", StringComparison.Ordinal));
        }
        catch (ConfigOverrideException e)
        {
            Log.Fatal("Precog node cannot start: {Reason}", e.Message);
            await watcher.DisposeAsync();
            return null;
        }
        watcher.Changed += s => Log.Information("config_overrides changed; trading settings now under {Overrides}", s.Overlay.ToString().Replace("\n", "; ", StringComparison.Ordinal));
        watcher.Failed += e => Log.Warning("config_overrides not applied, the last good settings stay: {Reason}", e.Message);
        return watcher;
    }

    private static IHost Build(NodeSettings settings, GameDaySettings day, string? record)
    {
        // The simulated day runs on a virtual clock: the engine's rules and waits, the venue and the games all
        // read it, and the game day service moves it one input at a time (docs/DECISIONS.md, "Virtual time").
        var time = new VirtualClock(day.Start);
        var ratings = TeamRatings();
        var script = day.Scenario;
        var bankroll = new Money(script.Bankroll ?? Bankroll.Value);
        var exchange = new SimulatedExchange(new SimulatedExchangeSettings(Seed: day.Seed, StartingBalance: bankroll.Value, Prices: script.Prices, Faults: script.Faults), time);
        GameDaySimulation simulation;
        try
        {
            simulation = script.Games is { } named
                ? new GameDaySimulation(day.Seed, ratings, named.Select(g => (g.Home, g.Away, day.Start + g.KickoffAfter)).ToList(), day.Start)
                : new GameDaySimulation(day.Seed, ratings, day.Games, day.Start.AddMinutes(5), TimeSpan.FromMinutes(30));
        }
        catch (ArgumentException e)
        {
            throw new SettingsException($"--scenario: {e.Message}");
        }
        var model = new NflWinModel(ratings, Precog.Domain.Models.Elo.EloConfig.Nfl538, Precog.Domain.Models.InGame.InGameConfig.Nfl);
        var ids = new SeededIds(day.Seed, day.Start);
        var recording = NodeRecording.Open(record, $"node simulated day (seed {day.Seed})", time, ratings); // stamped by the day's clock
        var admin = Admin.AdminSettings.Bind(settings.Config, settings.DataDirectory);
        var engine = new EngineOptions(Environment.MachineName, time, settings.Trading, Strategies, model, ModelSampleSize, exchange, recording.Wrap(exchange.MarketData), bankroll,
            [new ConsoleAlertChannel(), new FileAlertChannel(Path.Combine(settings.DataDirectory, "alerts"))])
        {
            NewPositionId = ids.NewPositionId, NewOrderId = ids.NewOrderId,
        };
        return Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .UseSerilog()
            .ConfigureServices(services =>
            {
                services.AddSingleton(recording);
                services.AddHostedService<NodeRecordingService>(); // first registered, last stopped: the tape closes after the engine
                services.AddSingleton(settings);
                services.AddSingleton<TimeProvider>(TimeProvider.System); // the SCD writer's polls: wall clock
                services.AddSingleton(time);
                services.AddSingleton(engine);
                services.AddSingleton(exchange);
                services.AddSingleton(simulation);
                services.AddSingleton(day);
                services.AddHostedService<ScdWriterService>();
                services.AddAkka("precog", builder => builder
                    .AddHocon(settings.Config, HoconAddMode.Prepend)
                    .AddHocon(JournalConfig.For(settings.Database), HoconAddMode.Append)
                    .AddHocon(Quiescence.Hocon, HoconAddMode.Prepend)
                    .ConfigureLoggers(l =>
                    {
                        l.ClearLoggers();
                        l.AddLogger<SerilogLogger>();
                    })
                    .WithPrecogEngine(engine)
                    .AddStartup((system, _) =>
                    {
                        NodeBanner.Announce(system, settings);
                    }));
                services.AddHostedService<GameDayService>();
            })
            .ConfigureWebHost(web => web.UsePrecogAdmin(settings, admin)) // after the actor system: the API answers from its actors
            .Build();
    }

    /// <summary>The strategy versions the scripted day trades: the same value strategy at two minimum edges, to compare.</summary>
    internal static readonly IReadOnlyList<StrategyDefinition> Strategies =
    [
        new("nfl_value", "v1.0", NflWinModel.DefaultLabel, 0.05m),
        new("nfl_value", "v1.1", NflWinModel.DefaultLabel, 0.08m),
    ];

    /// <summary>The games the in-game model was checked on (the 538 file has thousands): enough for the high confidence tier.</summary>
    internal const int ModelSampleSize = 1000;

    private static readonly Money Bankroll = new(10_000m);

    /// <summary>The 32 NFL teams' ratings from ../shared/data/nfl_teams_initial_elo.csv beside the repository.</summary>
    internal static Dictionary<string, double> TeamRatings()
    {
        var file = TeamsSeed.DefaultFile(Environment.CurrentDirectory, AppContext.BaseDirectory)
                   ?? throw new SettingsException($"the teams file ({string.Join('/', TeamsSeed.SharedPath)}) was not found beside the repository");
        return TeamsSeed.Read(file).ToDictionary(t => t.Code, t => (double)t.Elo);
    }
}

/// <summary>What a node runs with: the composed configuration, the trading rules bound from it, where it writes, and its database.</summary>
public sealed record NodeSettings(
    Config Config, Precog.Domain.TradingSettings Trading, string DataDirectory, string? ConfigFile, DatabaseTarget Database, ScdWriterSettings ScdWriter)
{
    public const string DefaultDatabaseFile = "precog.db";

    public string LogDirectory => Path.Combine(DataDirectory, "logs");

    /// <param name="database">A connection string or SQLite file; null for the embedded default, DATA-DIR/precog.db.</param>
    public static NodeSettings Load(string? configFile, string dataDirectory, string? database = null)
    {
        var config = configFile is null ? PrecogConfig.Defaults : PrecogConfig.Compose((HoconText.Load(configFile), configFile));
        var trading = TradingSettingsBinder.Bind(config);
        DatabaseTarget target;
        try
        {
            target = database is null ? DatabaseTarget.Sqlite(Path.Combine(dataDirectory, DefaultDatabaseFile)) : DatabaseTarget.Parse(database);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new SettingsException($"--db: {e.Message}");
        }
        Directory.CreateDirectory(dataDirectory);
        return new NodeSettings(config, trading, Path.GetFullPath(dataDirectory), configFile, target, ScdWriterSettings.Bind(config));
    }
}

/// <summary>Tells the operator, once the actor system is up, what this node is running.</summary>
public static class NodeBanner
{
    public static void Announce(ActorSystem system, NodeSettings settings, string? venue = null, ClusterNodeSettings? cluster = null)
    {
        var t = settings.Trading;
        Log.Information("Precog node started: actor system {ActorSystem}, data in {DataDirectory}, configuration {ConfigFile}, database {Database}", system.Name,
            settings.DataDirectory, settings.ConfigFile ?? "shipped defaults", settings.Database.ToString());
        Log.Information("Trading rules: min edge {MinEdge}, Kelly fraction {KellyFraction}, max position ${MaxPosition}, trailing activation {TrailingActivation}, stop loss (high) {StopLossHigh}",
            t.Entry.MinEdge, t.Sizing.KellyFraction, t.Sizing.MaxPositionDollars, t.TrailingStop.Activation, t.Exits.StopLoss.High);
        Log.Information(venue is null
            ? "Single node on the embedded defaults: the simulated exchange and the scripted NFL game day. Ctrl+C stops the node."
            : cluster is null ? $"Single node trading on {venue}. Ctrl+C stops the node."
            : $"Precog {cluster.Describe()}, trading on {venue}. Ctrl+C leaves the cluster, handing this node's positions to the others.");
    }
}
