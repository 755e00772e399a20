using System.Diagnostics;
using Precog.Backtest.Replay;
using Precog.Backtest.Reports;
using Precog.Backtest.Tapes;
using Precog.Cli;
using Precog.Persistence;
using Xunit.Abstractions;

namespace Precog.Backtest.Tests.Replay;

public sealed class BacktestRunTests(ITestOutputHelper output)
{
    private static readonly Precog.Domain.Strategies.StrategyDefinition[] Versions =
        [BacktestCommand.Strategy("nfl_value:v1.0"), BacktestCommand.Strategy("nfl_value:v1.1")];

    /// <summary>The first two weeks of the 2020 season, priced noisily enough that both versions trade.</summary>
    private static Tape TwoWeeks()
    {
        var rows = GamesCsv.ReadGames(SharedData.Path("data", "nfl_games_538.csv"))
            .Where(r => r.Game.Season == 2020 && r.Game.Date < new DateOnly(2020, 9, 22))
            .Select(r => new Game538(r.Game.Date, r.Game.Season, r.Game.Neutral, r.Game.Team1, r.Game.Team2, r.Game.PublishedElo1!.Value, r.Game.PublishedElo2!.Value,
                r.Elo538Probability1!.Value, r.Game.Score1!.Value, r.Game.Score2!.Value, r.Game.Result1!.Value));
        var (header, events) = From538.Convert(rows, new From538Settings(Noise: 0.08m, Seed: 5), "nfl_games_538.csv");
        return new Tape(header, events);
    }

    private static async Task<(BacktestSummary Summary, byte[] Json)> RunAsync(Tape tape, string dir, AbMode ab = AbMode.SideBySide,
        IReadOnlyList<Precog.Domain.Strategies.StrategyDefinition>? versions = null)
    {
        var options = new BacktestOptions(tape, versions ?? Versions, 11, DatabaseTarget.Sqlite(Path.Combine(dir, "backtest.db")), dir) { Ab = ab };
        var result = await BacktestRun.RunAsync(options, new ReplayProgress());
        var summary = await BacktestSummary.ReadAsync(result);
        ReportWriter.Write(summary, dir);
        return (summary, await File.ReadAllBytesAsync(Path.Combine(dir, "summary.json")));
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("precog-backtest-").FullName;

    [Fact]
    public async Task Two_runs_of_one_tape_and_seed_give_the_same_summary_bytes_and_the_realized_pnl_is_the_balance_change()
    {
        var tape = TwoWeeks();
        var dir = TempDir();
        var (first, firstJson) = await RunAsync(tape, dir);
        var (_, secondJson) = await RunAsync(tape, TempDir());

        Assert.True(first.Positions.Count > 0, "the tape should make the engine trade");
        Assert.Equal(firstJson, secondJson);
        // the P&L identity: every position's realized P&L (fees included) sums to the venue's balance change, to the cent
        Assert.Equal(decimal.Round(first.BalanceChange, 2), decimal.Round(first.Positions.Sum(p => p.RealizedPnl), 2));
        Assert.Equal(first.BalanceChange, first.SumRealizedPnl);
        // every trading row of the run says it was a backtest (migration 006)
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "backtest.db")}");
        await c.OpenAsync();
        foreach (var table in new[] { "edges", "positions", "trades", "exit_attempts", "position_exits", "settlements" })
        {
            await using var q = c.CreateCommand();
            q.CommandText = $"SELECT execution_environment, COUNT(*) FROM {table} GROUP BY execution_environment";
            await using var r = await q.ExecuteReaderAsync();
            var tags = new List<(string, long)>();
            while (await r.ReadAsync()) tags.Add((r.GetString(0), r.GetInt64(1)));
            if (table is "positions" or "trades" or "edges") Assert.NotEmpty(tags);
            Assert.All(tags, t => Assert.Equal("backtest", t.Item1));
        }
        output.WriteLine($"{first.Positions.Count} positions, balance change {first.BalanceChange}, run {first.Run.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task The_model_prices_each_game_as_538_did()
    {
        var tape = TwoWeeks();
        var (summary, _) = await RunAsync(tape, TempDir());
        var rows = GamesCsv.ReadGames(SharedData.Path("data", "nfl_games_538.csv")).Where(r => r.Game.Season == 2020 && r.Game.Date < new DateOnly(2020, 9, 22)).ToList();
        Assert.Equal(rows.Count, summary.Run.Forecasts.Count);
        foreach (var row in rows)
        {
            var f = Assert.Single(summary.Run.Forecasts, f => f.GameId == $"538-{row.Game.Date:yyyyMMdd}-{row.Game.Team2}-{row.Game.Team1}");
            Assert.Equal(row.Elo538Probability1!.Value, f.Model, 9);
        }
    }

    /// <summary>
    /// Two versions of the Elo model that differ in one parameter (home-field advantage 65 and 25) compared in one run:
    /// strategy v1.0 prices with model v1.0, v2.0 (the same rules) with v1.1. Each version's positions are attributed to
    /// its own model, each model's forecasts are its own, and the report shows both with their Brier scores.
    /// </summary>
    [Fact]
    public async Task Two_model_versions_in_one_run_each_price_their_own_strategy_and_the_report_scores_both()
    {
        var tape = TwoWeeks();
        var dir = TempDir();
        Precog.Domain.Strategies.StrategyDefinition[] arms =
            [BacktestCommand.Strategy("nfl_value:v1.0"), BacktestCommand.Strategy("nfl_value:v2.0:0.05@nfl_elo_ingame:v1.1")];
        var (summary, json) = await RunAsync(tape, dir, versions: arms);

        // the two models' forecasts: v1.0 is 538's probability; v1.1 gives the home team less, game by game
        var models = summary.Models;
        Assert.Equal(["nfl_elo_ingame v1.0", "nfl_elo_ingame v1.1"], models.Select(m => m.Model.Label));
        var other = Assert.Single(summary.Run.OtherModels);
        Assert.Equal(summary.Run.Forecasts.Select(f => f.GameId), other.Games.Select(f => f.GameId));
        foreach (var (v10, v11) in summary.Run.Forecasts.Zip(other.Games))
        {
            // YES is team1, 538's home team (at a neutral site neither version gives anyone the advantage)
            Assert.True(v11.Model <= v10.Model, $"{v10.Ticker}: v1.0 {v10.Model}, v1.1 {v11.Model}");
        }
        Assert.True(summary.Run.Forecasts.Zip(other.Games).Count(p => p.Item2.Model < p.Item1.Model) > summary.Run.Forecasts.Count / 2);
        Assert.NotEqual(models[0].Brier, models[1].Brier);
        Assert.Equal(BacktestSummary.Brier(other.Games, f => f.Model), models[1].Brier);

        // both strategy versions traded, and every position is attributed to its own strategy's model
        Assert.All(arms, a => Assert.Contains(summary.Positions, p => p.Strategy == a.Label));
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, "backtest.db")}");
        await c.OpenAsync();
        await using var q = c.CreateCommand();
        q.CommandText = "SELECT s.strategy_version, m.model_version, COUNT(*) FROM positions p JOIN strategies s ON s.strategy_id = p.strategy_id "
                        + "JOIN probability_models m ON m.model_id = p.model_id WHERE p.row_current_ind GROUP BY 1, 2 ORDER BY 1, 2";
        var pairs = new List<(string, string)>();
        await using (var r = await q.ExecuteReaderAsync())
            while (await r.ReadAsync()) pairs.Add((r.GetString(0), r.GetString(1)));
        Assert.Equal([("v1.0", "v1.0"), ("v2.0", "v1.1")], pairs);

        // the summary and the report carry both models
        var text = System.Text.Encoding.UTF8.GetString(json);
        Assert.Contains("\"models\": [", text);
        Assert.Contains("\"version\": \"nfl_elo_ingame v1.1\"", text);
        var html = await File.ReadAllTextAsync(Path.Combine(dir, "report.html"));
        Assert.Contains("model nfl_elo_ingame v1.1 (pre-game Elo, home advantage 25; priced nfl_value v2.0)", html);
    }

    /// <summary>
    /// A tape's market_status lines replay as the venue's own close and reopening: every market is closed at its listing,
    /// and only every other one opens again an hour later, so only those can take entries. Its trade prints replay onto
    /// the stream beside the books without moving them.
    /// </summary>
    [Fact]
    public async Task A_market_closed_on_the_tape_takes_no_entry_and_one_opened_again_trades()
    {
        var tape = TwoWeeks();
        var reopened = new HashSet<string>(StringComparer.Ordinal);
        var later = new List<TapeEvent>();
        var withCloses = new List<TapeEvent>();
        foreach (var e in tape.Events)
        {
            withCloses.Add(e);
            if (e is not MarketListed m) continue;
            withCloses.Add(new MarketStatusRecorded(m.At, m.Ticker, MarketStatusRecorded.Closed)); // right after its listing, before its first book
            later.Add(new TradeRecorded(m.At.AddMinutes(30), m.Ticker, $"print-{later.Count}", 0.55m, 10, "yes"));
            if (reopened.Count * 2 > withCloses.Count(x => x is MarketListed)) continue; // about every other market opens again
            reopened.Add(m.Ticker);
            later.Add(new MarketStatusRecorded(m.At.AddHours(1), m.Ticker, MarketStatusRecorded.Open));
        }
        // in time order, each later line after the tape's lines of its moment
        var events = withCloses.Select((e, i) => (e, Order: (i, 0))).Concat(later.Select((e, i) => (e, Order: (int.MaxValue, i))))
            .OrderBy(x => x.e.At).ThenBy(x => x.Order).Select(x => x.e).ToList();

        var (summary, _) = await RunAsync(new Tape(tape.Header, events), TempDir());

        Assert.True(summary.Positions.Count > 0, "the reopened markets should trade");
        Assert.All(summary.Positions, p => Assert.Contains(p.Ticker, reopened));
        Assert.Equal(events.Count, summary.Run.Events);
    }

    [Fact]
    public async Task A_tape_event_the_venue_cannot_take_ends_the_run_naming_the_event()
    {
        var tape = TwoWeeks();
        var settled = tape.Events.OfType<MarketSettled>().First();
        var index = tape.Events.ToList().IndexOf(settled);
        List<TapeEvent> events = [.. tape.Events.Take(index + 1), new BookSnapshotted(settled.At, settled.Ticker, [new(0.50m, 10)], [new(0.40m, 10)]), .. tape.Events.Skip(index + 1)];

        var e = await Assert.ThrowsAsync<TapeReplayException>(() => RunAsync(new Tape(tape.Header, events), TempDir()));

        Assert.Equal($"tape event {index + 2} (book at {settled.At:yyyy-MM-dd'T'HH:mm:ss'Z'}) could not be replayed: market {settled.Ticker} is settled: it has no book", e.Message);
    }

    [Fact]
    public async Task Split_by_a_seeded_draw_each_market_is_traded_only_by_the_version_of_its_arm()
    {
        var tape = TwoWeeks();
        var (side, _) = await RunAsync(tape, TempDir());
        var (split, json) = await RunAsync(tape, TempDir(), AbMode.Split);

        var draw = new Precog.Domain.Experiments.AbSplit(11, Versions[0].Label, Versions[1].Label);
        Assert.True(split.Positions.Count > 0, "the split run should trade");
        foreach (var p in split.Positions)
            Assert.Equal(draw.ArmOf(p.Ticker) == Precog.Domain.Experiments.Arm.A ? Versions[0].Label : Versions[1].Label, p.Strategy);
        // side by side, both versions trade some market the draw gave to the other: the split took those away
        Assert.Contains(side.Positions, p => !draw.Allows(p.Strategy, p.Ticker));
        Assert.Contains("\"mode\": \"split\"", System.Text.Encoding.UTF8.GetString(json));
    }

    /// <summary>A whole season on the virtual clock: the clock the engine saw is asserted; how fast the replay ran is printed, not asserted.</summary>
    [Fact]
    public async Task A_season_replays_on_virtual_time_and_its_speed_is_measured()
    {
        var rows = GamesCsv.ReadGames(SharedData.Path("data", "nfl_games_538.csv")).Where(r => r.Game.Season == 1921)
            .Select(r => new Game538(r.Game.Date, r.Game.Season, r.Game.Neutral, r.Game.Team1, r.Game.Team2, r.Game.PublishedElo1!.Value, r.Game.PublishedElo2!.Value,
                r.Elo538Probability1!.Value, r.Game.Score1!.Value, r.Game.Score2!.Value, r.Game.Result1!.Value));
        var (header, events) = From538.Convert(rows, new From538Settings(), "nfl_games_538.csv");
        var wall = Stopwatch.StartNew();
        var (summary, _) = await RunAsync(new Tape(header, events), TempDir());
        wall.Stop();

        var run = summary.Run;
        Assert.Equal(events.Count, run.Events);
        var span = header.To - header.From;
        // the engine lived on the tape's clock: every exit and settlement is dated inside the season, none on the wall's
        // day, and months of games passed in a replay that waited for none of them (a wall-clock wait of one game's
        // three hours would already be a thousand times what a whole season may take here)
        var ended = summary.Positions.Where(c => c.ExitTime is not null).Select(c => c.ExitTime!.Value).ToList();
        Assert.NotEmpty(ended);
        Assert.All(ended, t => Assert.InRange(t, header.From, header.To.AddHours(1))); // a settlement lands a few virtual milliseconds after its event
        Assert.True(span > TimeSpan.FromDays(60), $"the 1921 tape spans {span}");
        Assert.True(run.Elapsed < span / 1000, $"{span} of tape took {run.Elapsed} of replay");
        output.WriteLine($"season 1921: {events.OfType<MarketListed>().Count()} games, {span.TotalDays:0} days of tape in {run.Elapsed.TotalSeconds:0.0} s of replay " +
                         $"({wall.Elapsed.TotalSeconds:0.0} s with projection and report): {run.Events / run.Elapsed.TotalSeconds:0} events/s, " +
                         $"{run.Steps} virtual steps ({run.Steps / run.Elapsed.TotalSeconds:0}/s), {summary.Positions.Count} positions");
    }
}
