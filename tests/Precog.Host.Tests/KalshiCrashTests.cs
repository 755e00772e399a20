using System.Text;
using Precog.Persistence;
using Precog.Testing.FakeFeeds;
using Precog.Testing.FakeKalshi;

namespace Precog.Host.Tests;

/// <summary>
/// Issue 11, crash (CI-sized, but run by scripts/soak.sh while open): the game day on the fake Kalshi with the node on PostgreSQL, killed with SIGKILL
/// three times while it trades and restarted on the same database each time. The witness is the fake venue, which
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

    /// <summary>
    /// Open, so it runs with scripts/soak.sh (PRECOG_SOAK=1), not in CI: about one run in five (4 of 5 passed on 2026-12-07,
    /// games of 60 s) fails one of the day's equalities checked by <see cref="KalshiGameDayTests.AssertDayAsync"/>; the cause
    /// is not diagnosed yet. A crash-induced disagreement between the node's books and the venue's is exactly what this test
    /// is for, so it stays as written rather than loosened until it passes.
    /// </summary>
    [SkippableFact]
    public Task Killed_three_times_while_trading_on_postgresql_the_node_sends_no_order_twice_loses_no_fill_and_ends_every_position()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("PRECOG_SOAK") == "1",
            "open: about one run in five fails an equality of the day's invariants (scripts/soak.sh runs it)");
        return CrashLoopAsync(downAcrossSettlement: false);
    }

    /// <summary>
    /// The same, but the node stays down from its third kill until both markets settled. Open: in some runs its positions
    /// stay open after the restart (the reconciler then reports "expected No 2398, exchange has nothing" and blocks
    /// entries) or its cash disagrees with the venue's; two causes are fixed (docs/DECISIONS.md), at least one is not.
    /// Runs with scripts/soak.sh (PRECOG_SOAK=1) until it passes every time.
    /// </summary>
    [SkippableFact]
    public Task Down_across_its_markets_settlement_the_restarted_node_settles_every_position_and_its_cash_is_the_venues()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("PRECOG_SOAK") == "1",
            "open: a node restarted after its markets settled does not always settle its positions (scripts/soak.sh runs it)");
        return CrashLoopAsync(downAcrossSettlement: true);
    }

    private async Task CrashLoopAsync(bool downAcrossSettlement)
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
            // two games of about 60 s each (a third of the other game-day tests' pace), kicking off in a few seconds: the
            // three kills and restarts (up to 15 s each under CI's load) land in the games, not across their settlement,
            // which is the soak variant's case
            await using var day = KalshiGameDayTests.Day(_venues, fake, kickoffIn: TimeSpan.FromSeconds(4), gameTimePerTick: TimeSpan.FromSeconds(6));
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
                // down across the settlement (the soak variant), it restarts with its markets gone from the open listing and its
                // positions still open, and must learn the settlements it missed by itself
                if (downAcrossSettlement && kills.Count == moments.Length) await day.Over.WaitAsync(Patience);
                node = NodeProcess.Start(_venues.Environment(), args);
                await node.WaitForLineAsync("Kalshi node trading", Patience);
            }

            if (!downAcrossSettlement) Assert.False(day.Over.IsCompleted, "the node was restarted for the last time after its markets settled: the games are too short for this machine");
            await day.Over.WaitAsync(Patience * 2);
            await Eventually.Holds(async () => await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM current_markets WHERE status = 'settled'") == 2
                && await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM positions WHERE row_current_ind = TRUE AND status NOT IN ('closed', 'settled')") == 0, Patience);
            node.Terminate();
            Assert.Equal(0, await node.ExitCodeAsync(Patience));

            // one current row per market and per position, however many times the node died (the cash check below joins them)
            foreach (var (table, key) in new[] { ("markets", "market_uuid"), ("positions", "position_uuid") })
                Assert.Equal(0, await NodeDatabase.Scalar(db, $"SELECT COUNT(*) FROM (SELECT {key} FROM {table} GROUP BY {key} " +
                                                     "HAVING SUM(CASE WHEN row_current_ind = TRUE THEN 1 ELSE 0 END) <> 1) x"));
            Assert.Equal(3, kills.Count);
            Assert.Contains("an entry order reached the venue", kills); // at least one kill landed while the node traded
            await KalshiGameDayTests.AssertDayAsync(fake, day.Payouts, db, node.Out, balanceMoved: true);
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
