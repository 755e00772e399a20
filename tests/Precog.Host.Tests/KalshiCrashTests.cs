using System.Text;
using Precog.Persistence;
using Precog.Testing.FakeFeeds;
using Precog.Testing.FakeKalshi;

namespace Precog.Host.Tests;

/// <summary>
/// Issue 11, crash (the CI-sized run): the game day on the fake Kalshi with the node on PostgreSQL, killed with SIGKILL
/// three times while it trades and restarted on the same database each time, the last time only after its markets settled. The witness is the fake venue, which
/// outlives every node process: its order log and fills. After the day: no client order id became two orders, every
/// fill at the venue is exactly one trade of the node, every position has one current row and ended, and the node's
/// cash is the account's, exactly (<see cref="KalshiGameDayTests.AssertDayAsync"/>).
/// </summary>
[Collection(KalshiGameDayTests.WallClock)]
public sealed class KalshiCrashTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly PostgresDatabase _postgres = new();
    private FakeVenues _venues = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _venues = await FakeVenues.StartAsync("kalshi-crash");
    }

    public async Task DisposeAsync()
    {
        await _venues.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Killed_three_times_while_trading_on_postgresql_the_node_sends_no_order_twice_loses_no_fill_and_ends_every_position()
    {
        var fake = _venues.Kalshi;
        var data = Path.Combine(_venues.Directory, "data");
        var db = DatabaseTarget.Parse(_postgres.ConnectionString);
        _venues.Espn.Serve(EspnScoreboardBuilder.Build());
        string[] args = ["--data-dir", data, "--exchange", "kalshi-demo", "--db", _postgres.ConnectionString,
            "--config", _venues.ConfigFile(refresh: "1s", poll: "200ms", more: "precog.kalshi.stream-silence = 3s")];
        var earlier = new StringBuilder();
        var node = NodeProcess.Start(_venues.Environment(), args);
        try
        {
            await node.WaitForLineAsync("Kalshi node trading", Patience);
            // two games of about 36 s each (half the other game-day tests' pace), kicking off in a few seconds
            await using var day = KalshiGameDayTests.Day(_venues, fake, kickoffIn: TimeSpan.FromSeconds(4), gameTimePerTick: TimeSpan.FromSeconds(10));
            day.List();
            await fake.UntilAsync(_ => day.Markets.Values.All(_venues.Subscribed), "the node's book subscriptions", Patience);
            day.Play();

            // the three kills: with the first entry at the venue, with a position filled there, with an exit under way (or,
            // if the day ends before one of these happens, at its end: a restart after settlement must settle too)
            var moments = new (string What, Func<Task<bool>> Reached)[]
            {
                ("an entry order reached the venue", () => Task.FromResult(fake.OrderLog.Count > 0)),
                ("a fill at the venue", () => Task.FromResult(fake.Fills.Count > 0)),
                ("an exit attempt was planned", async () => await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM exit_attempts") > 0),
            };
            var kills = new List<string>();
            foreach (var (what, reached) in moments)
            {
                await Eventually.Holds(async () => day.Over.IsCompleted || await reached(), Patience);
                kills.Add(await reached() ? what : "the day was over");
                await node.KillAsync();
                earlier.Append(node.Out).Append(node.Err);
                await node.DisposeAsync();
                // the last time, the node stays down until both markets settled: it restarts with them gone from the open
                // listing and its positions still open, and must learn the settlements it missed by itself
                if (kills.Count == moments.Length) await day.Over.WaitAsync(Patience);
                node = NodeProcess.Start(_venues.Environment(), args);
                await node.WaitForLineAsync("Kalshi node trading", Patience);
            }

            await day.Over.WaitAsync(Patience);
            await Eventually.Holds(async () => await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM current_markets WHERE status = 'settled'") == 2
                && await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM positions WHERE row_current_ind = TRUE AND status NOT IN ('closed', 'settled')") == 0, Patience);
            node.Terminate();
            Assert.Equal(0, await node.ExitCodeAsync(Patience));

            Assert.Equal(3, kills.Count);
            Assert.Contains("an entry order reached the venue", kills); // at least one kill landed while the node traded
            await KalshiGameDayTests.AssertDayAsync(fake, day.Payouts, db, node.Out, balanceMoved: true);
            // one current row per position, however many times its node died
            Assert.Equal(0, await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM (SELECT position_uuid FROM positions GROUP BY position_uuid " +
                                                 "HAVING SUM(CASE WHEN row_current_ind = TRUE THEN 1 ELSE 0 END) <> 1) x"));
            // each exit attempt's client order id is its own, and the venue accepted each at most once
            var attempts = await NodeDatabase.Rows(db, "SELECT lower(CAST(client_order_id AS TEXT)) FROM exit_attempts WHERE client_order_id IS NOT NULL");
            Assert.Equal(attempts.Count, attempts.Distinct().Count());
            _venues.AssertNoKeyMaterial(data, earlier + node.Out + node.Err);
            output.WriteLine($"killed at: {string.Join("; ", kills)}; the venue saw {fake.OrderLog.Count} creates ({fake.OrderLog.Count(o => o.Accepted)} accepted), " +
                             $"{fake.Fills.Count} fills; the node recorded {attempts.Count} exit attempts");
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new Exception($"{e.Message}\n--- earlier nodes ---\n{earlier}\n--- last node ---\n{node.Out}\n{node.Err}", e);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
