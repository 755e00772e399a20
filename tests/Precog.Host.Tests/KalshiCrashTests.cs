using System.Text;
using Precog.Persistence;
using Precog.Testing.FakeFeeds;
using Precog.Testing.FakeKalshi;

namespace Precog.Host.Tests;

/// <summary>
/// Issue 11, crash (CI-sized; scripts/soak.sh repeats it): the game day on the fake Kalshi with the node on PostgreSQL, killed with SIGKILL
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
    /// It failed the cash identity in about half of its runs until a restarted node priced an earlier node's NO fills in
    /// YES terms (Kalshi V2 cannot tell a NO sale from a YES purchase): <see cref="Precog.Domain.Exits.VenueFill.PriceOf"/>.
    /// </summary>
    [Fact]
    public Task Killed_three_times_while_trading_on_postgresql_the_node_sends_no_order_twice_loses_no_fill_and_ends_every_position() =>
        CrashLoopAsync(downAcrossSettlement: false);

    /// <summary>
    /// The same, but the node stays down from its third kill until both markets settled. Three causes of positions left
    /// open or cash wrong after such a restart are fixed (docs/DECISIONS.md): a settlement notice sent before the
    /// recovered position subscribed, a market gone from the open listing, an exit order still out at settlement; and on a
    /// single node, a position that never asked its market how it stood.
    /// </summary>
    [Fact]
    public Task Down_across_its_markets_settlement_the_restarted_node_settles_every_position_and_its_cash_is_the_venues() =>
        CrashLoopAsync(downAcrossSettlement: true);

    /// <summary>Kills of the long run (scripts/chaos.sh); unset, the long run skips.</summary>
    public const string ChaosKills = "PRECOG_CHAOS_KILLS";

    /// <summary>The seed of the long run's kill moments (1 by default): a failing run is repeated with its seed.</summary>
    public const string ChaosSeed = "PRECOG_CHAOS_SEED";

    /// <summary>
    /// The long run (issue 11: at least 20 kills), from scripts/chaos.sh: after the three placed kills, the node is killed
    /// again a seeded 1 to 5 s after each restart has started trading, for as many kills as <see cref="ChaosKills"/> asks,
    /// with games long enough for them (about 10 s of wall time a kill); the same invariants at the end.
    /// </summary>
    [SkippableFact]
    public Task Killed_many_times_at_seeded_moments_the_node_sends_no_order_twice_loses_no_fill_and_ends_every_position()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable(ChaosKills), out var k) ? k : 0;
        Skip.If(kills < 3, $"the long crash loop runs with scripts/chaos.sh ({ChaosKills} of at least 3)");
        var seed = int.TryParse(Environment.GetEnvironmentVariable(ChaosSeed), out var s) ? s : 1;
        return CrashLoopAsync(downAcrossSettlement: false, kills, seed);
    }

    private async Task CrashLoopAsync(bool downAcrossSettlement, int kills = 3, int seed = 1)
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
            // which is the soak variant's case; the long run's games last about 10 s a kill
            var gameSeconds = Math.Max(60, kills * 10);
            await using var day = KalshiGameDayTests.Day(_venues, fake, kickoffIn: TimeSpan.FromSeconds(4),
                gameTimePerTick: TimeSpan.FromSeconds(360.0 / gameSeconds));
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
            var random = new Random(seed);
            var more = Enumerable.Range(0, kills - moments.Length).Select(_ => TimeSpan.FromMilliseconds(random.Next(1000, 5000))).ToList();
            moments = [.. moments, .. more.Select(after => ($"{after.TotalSeconds:0.0} s after a restart", (Func<Task<bool>>)(async () =>
            {
                await Task.Delay(after); // the wall clock is the test here: a kill at a moment nothing in the node chose
                return true;
            })))];
            var killed = new List<string>();
            long checkedKeys = 0;
            foreach (var (what, reached) in moments)
            {
                var hit = false;
                await Eventually.Holds(async () => (hit = await reached()) || day.Over.IsCompleted, Patience);
                if (!hit && killed.Count >= 3) break; // the long run's games ended first: the kills so far are counted below
                killed.Add(hit ? what : "the day was over");
                await node.KillAsync();
                earlier.Append(node.Out).Append(node.Err);
                await node.DisposeAsync();
                // down across the settlement (the soak variant), it restarts with its markets gone from the open listing and its
                // positions still open, and must learn the settlements it missed by itself
                if (downAcrossSettlement && killed.Count == moments.Length) await day.Over.WaitAsync(Patience);
                node = NodeProcess.Start(_venues.Environment(), args);
                await node.WaitForLineAsync("Kalshi node trading", Patience);
                // after every restart, what must hold at any moment (the rest races the trading and is checked at the end)
                checkedKeys += await KalshiGameDayTests.AssertAtAnyMomentAsync(fake, db, $"after restart {killed.Count}");
            }

            if (!downAcrossSettlement && kills == 3) Assert.False(day.Over.IsCompleted, "the node was restarted for the last time after its markets settled: the games are too short for this machine");
            Assert.True(downAcrossSettlement || !killed.Contains("the day was over"), $"a placed kill came after the markets settled: {string.Join("; ", killed)}");
            await day.Over.WaitAsync(Patience * 2 + TimeSpan.FromSeconds(gameSeconds));
            await Eventually.Holds(async () => await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM current_markets WHERE status = 'settled'") == 2
                && await NodeDatabase.Scalar(db, "SELECT COUNT(*) FROM positions WHERE row_current_ind = TRUE AND status NOT IN ('closed', 'settled')") == 0, Patience);
            // every position the last node runs stands exactly where the replay of its journal does
            var compared = await JournalReplay.AssertLiveEqualsReplayAsync(data, db);
            node.Terminate();
            Assert.Equal(0, await node.ExitCodeAsync(Patience));

            Assert.True(killed.Count >= Math.Min(kills, 3), $"{killed.Count} kills of {kills}: {string.Join("; ", killed)}");
            Assert.Contains("an entry order reached the venue", killed); // at least one kill landed while the node traded
            await KalshiGameDayTests.AssertDayAsync(fake, day.Payouts, db, node.Out, balanceMoved: true);
            // each exit attempt's client order id is its own, and the venue accepted each at most once
            var attempts = await NodeDatabase.Rows(db, "SELECT lower(CAST(client_order_id AS TEXT)) FROM exit_attempts WHERE client_order_id IS NOT NULL");
            Assert.Equal(attempts.Count, attempts.Distinct().Count());
            _venues.AssertNoKeyMaterial(data, earlier + node.Out + node.Err);
            output.WriteLine($"crash loop (seed {seed}): {killed.Count} kills of {kills} asked, survived; killed at: {string.Join("; ", killed)}; the venue saw {fake.OrderLog.Count} creates ({fake.OrderLog.Count(o => o.Accepted)} accepted), " +
                             $"{fake.Fills.Count} fills; the node recorded {attempts.Count} exit attempts; {compared} positions' live state equals their journal's replay; " +
                             $"after each restart one order per client order id at the venue and one current row per key ({checkedKeys} key checks)");
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
