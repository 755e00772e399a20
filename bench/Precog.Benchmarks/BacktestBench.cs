using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Precog.Backtest.Replay;
using Precog.Backtest.Tapes;
using Precog.Cli;
using Precog.Persistence;

namespace Precog.Benchmarks;

/// <summary>
/// backtest_rate: tape events/s replayed by `precog backtest`'s own run (BacktestRun: the engine's actors on the
/// virtual clock, the simulated venue, the journal on SQLite as the command's default, the projection after the run)
/// over FiveThirtyEight's 2020 NFL season as `precog tape from-538 --season 2020` makes it (full) or its first
/// five weeks (quick), with nfl_value v1.0 and v1.1 side by side. Its baseline, in the same run: round trips/s
/// of a bare Akka ping-pong between two actors on the default dispatcher (what a message hand-off costs here).
/// </summary>
public static class BacktestBench
{
    private const int PingPongRoundTrips = 200_000;

    public static async Task<MetricResult> RunAsync(BenchOptions o)
    {
        var games = Path.Combine("..", "shared", "data", "nfl_games_538.csv");
        if (!File.Exists(games)) throw new FileNotFoundException($"backtest_rate needs {Path.GetFullPath(games)} (run from the repository, beside ../shared)");
        var until = o.Quick ? new DateOnly(2020, 10, 15) : DateOnly.MaxValue;
        var rows = GamesCsv.ReadGames(games).Where(r => r.Game.Season == 2020 && r.Game.Played && r.Game.Date <= until)
            .Select(r => TapeCommand.ToGame(games, r)).ToList();
        var (header, events) = From538.Convert(rows, new From538Settings(), games);
        var tape = new Tape(header, events);
        var strategies = new[] { BacktestCommand.Strategy("nfl_value:v1.0"), BacktestCommand.Strategy("nfl_value:v1.1") };
        long steps = 0, positions = 0;
        decimal? balance = null;

        var scenario = await Harness.MeasureAsync("backtest_rate", "events/s", o, async run =>
        {
            var dir = Directory.CreateTempSubdirectory("precog-bench-backtest-").FullName;
            try
            {
                var progress = new ReplayProgress();
                var options = new BacktestOptions(tape, strategies, 1, DatabaseTarget.Sqlite(Path.Combine(dir, "backtest.db")), dir);
                var result = await BacktestRun.RunAsync(options, progress);
                // the work must have been done, and the same every run: every event fed, the same final balance
                if (result.Events != events.Count) throw new InvalidOperationException($"fed {result.Events} of {events.Count} tape events");
                if (balance is { } b && b != result.FinalBalance)
                    throw new InvalidOperationException($"a replay ended at balance {result.FinalBalance}, an earlier one at {b}: not deterministic");
                balance = result.FinalBalance;
                steps = result.Steps;
                positions = await CountPositionsAsync(options.Database);
                return new Sample(result.Events / result.Elapsed.TotalSeconds, result.Events, result.Elapsed);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dir, recursive: true);
            }
        });

        var baseline = await PingPongAsync(o);
        return new MetricResult("backtest_rate",
            $"tape events/s through BacktestRun (SQLite journal) over the 538 2020 season tape{(o.Quick ? " to 2020-10-15" : "")}, two strategy versions; baseline: Akka ping-pong round trips/s",
            scenario, baseline, scenario.Median / baseline.Median,
            new Dictionary<string, object>
            {
                ["tape_events"] = events.Count, ["virtual_clock_steps"] = steps, ["positions"] = positions, ["final_balance"] = balance ?? 0m,
                ["ping_pong_round_trips"] = PingPongRoundTrips,
            });
    }

    private static async Task<long> CountPositionsAsync(DatabaseTarget db)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection(db.ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(DISTINCT position_uuid) FROM positions";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<Series> PingPongAsync(BenchOptions o)
    {
        var system = ActorSystem.Create("pingpong", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        try
        {
            return await Harness.MeasureAsync("akka_ping_pong", "round trips/s", o, async _ =>
            {
                var pong = system.ActorOf(Props.Create(() => new Pong()));
                var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                var ping = system.ActorOf(Props.Create(() => new Ping(pong, PingPongRoundTrips, done)));
                var sw = Stopwatch.StartNew();
                ping.Tell("go");
                var trips = await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
                sw.Stop();
                system.Stop(ping);
                system.Stop(pong);
                if (trips != PingPongRoundTrips) throw new InvalidOperationException($"ping-pong made {trips} of {PingPongRoundTrips} round trips");
                return Harness.Rate(trips, sw);
            });
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed class Pong : ReceiveActor
    {
        public Pong() => Receive<long>(n => Sender.Tell(n));
    }

    private sealed class Ping : ReceiveActor
    {
        public Ping(IActorRef pong, long trips, TaskCompletionSource<long> done)
        {
            Receive<string>(_ => pong.Tell(0L));
            Receive<long>(n =>
            {
                if (n + 1 >= trips) done.TrySetResult(n + 1);
                else pong.Tell(n + 1);
            });
        }
    }
}
