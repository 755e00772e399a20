using Microsoft.Data.Sqlite;
using Precog.Backtest.Replay;
using Precog.Backtest.Tapes;
using Precog.Cli;
using Precog.Domain.Games;
using Precog.Persistence;

namespace Precog.Host.Tests;

/// <summary>`--record` on the simulated day: the day's inputs on its virtual clock become a tape a backtest replays and trades on.</summary>
public sealed class GameDayRecordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-day-record-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_recorded_game_day_reads_back_as_a_tape_of_its_markets_books_games_and_settlements_and_a_backtest_over_it_trades()
    {
        var data = Path.Combine(_dir, "data");
        var file = Path.Combine(_dir, "day.tape.gz");
        await using (var node = NodeProcess.Start("--data-dir", data, "--games", "2", "--seed", "3", "--start", "2025-12-07T18:00:00Z", "--record", file))
            Assert.Equal(0, await node.ExitCodeAsync(TimeSpan.FromMinutes(4)));
        Assert.True(await NodeDatabase.Scalar(DatabaseTarget.Sqlite(Path.Combine(data, "precog.db")), "SELECT COUNT(*) FROM trades") > 0, "the scripted day should trade");

        var tape = TapeReader.Read(file);
        Assert.Equal("node simulated day (seed 3)", tape.Header.Source);
        Assert.Equal(2, tape.Events.OfType<MarketListed>().Count());
        Assert.Equal(2, tape.Events.OfType<MarketSettled>().Count());
        Assert.Equal(2, tape.Events.OfType<GameStateRecorded>().Count(g => g.Status == GameStatus.Final));
        Assert.True(tape.Events.OfType<BookSnapshotted>().Count() > 10);
        Assert.True(tape.Header.From >= new DateTimeOffset(2025, 12, 7, 18, 0, 0, TimeSpan.Zero)); // the day's clock, not the wall's
        Assert.True(tape.Header.To - tape.Header.From > TimeSpan.FromMinutes(5), $"{tape.Header.From:o} to {tape.Header.To:o}"); // a day played in seconds of wall clock

        var report = Path.Combine(_dir, "report");
        var result = await BacktestRun.RunAsync(new BacktestOptions(tape, [BacktestCommand.Strategy("nfl_value:v1.0")], 1,
            DatabaseTarget.Sqlite(Path.Combine(report, "backtest.db")), report), new ReplayProgress());
        Assert.Equal(tape.Events.Count, result.Events);
        Assert.True(await NodeDatabase.Scalar(DatabaseTarget.Sqlite(Path.Combine(report, "backtest.db")), "SELECT COUNT(*) FROM trades") > 0,
            "the backtest over the recorded day made no trade");
    }
}
