using Precog.Backtest.Tapes;
using Precog.Domain.Games;

namespace Precog.Backtest.Tests.Tapes;

public sealed class TapeWindowTests
{
    private static readonly DateTimeOffset Day1 = new(2020, 9, 13, 12, 0, 0, TimeSpan.Zero);

    private static IEnumerable<TapeEvent> Game(DateTimeOffset listed, string team)
    {
        var ticker = $"KXNFLGAME-{team}";
        yield return new MarketListed(listed, ticker, "KXNFLGAME", "?", listed.AddHours(10), "nfl", $"g-{team}");
        yield return new GameStateRecorded(listed, "nfl", $"g-{team}", team, "MIA", 0, 0, "Q1", "15:00", GameStatus.Pregame, 1500, 1500, false);
        yield return new BookSnapshotted(listed.AddHours(1), ticker, [new(0.5m, 100)], [new(0.48m, 100)]);
        // settles the next day: the window keeps it with its market
        yield return new MarketSettled(listed.AddHours(13), ticker, 1m);
        yield return new GameStateRecorded(listed.AddHours(13), "nfl", $"g-{team}", team, "MIA", 21, 7, "Q4", "00:00", GameStatus.Final, 1500, 1500, false);
    }

    private static Tape ThreeGames() => new(new TapeHeader(1, "test", Day1, Day1.AddDays(14).AddHours(13), null),
        Game(Day1, "BUF").Concat(Game(Day1.AddDays(7), "NE")).Concat(Game(Day1.AddDays(14), "NYJ")).OrderBy(e => e.At).ToList());

    [Fact]
    public void A_window_keeps_whole_markets_listed_inside_it_with_their_settlements_after_it()
    {
        var cut = TapeWindow.Slice(ThreeGames(), new DateOnly(2020, 9, 20), new DateOnly(2020, 9, 20));

        Assert.Equal(5, cut.Events.Count);
        Assert.All(cut.Events, e => Assert.Contains(e switch { MarketListed m => m.Ticker, BookSnapshotted b => b.Ticker, MarketSettled s => s.Ticker, GameStateRecorded g => g.GameId, _ => "" }, new[] { "KXNFLGAME-NE", "g-NE" }));
        Assert.Equal((Day1.AddDays(7), Day1.AddDays(7).AddHours(13)), (cut.Header.From, cut.Header.To));
        Assert.Contains("2020-09-20 to 2020-09-20", cut.Header.Source);
        Assert.Equal(10, TapeWindow.Slice(ThreeGames(), new DateOnly(2020, 9, 14), null).Events.Count);
        var whole = ThreeGames();
        Assert.Same(whole, TapeWindow.Slice(whole, null, null));
    }

    [Fact]
    public void An_empty_or_backwards_window_is_refused_by_name()
    {
        var empty = Assert.Throws<ArgumentException>(() => TapeWindow.Slice(ThreeGames(), new DateOnly(2021, 1, 1), null));
        Assert.Contains("no market listed from 2021-01-01 to the end", empty.Message);
        Assert.Contains("runs from 2020-09-13", empty.Message);
        var backwards = Assert.Throws<ArgumentException>(() => TapeWindow.Slice(ThreeGames(), new DateOnly(2020, 9, 20), new DateOnly(2020, 9, 13)));
        Assert.Contains("--from 2020-09-20 is after --to 2020-09-13", backwards.Message);
    }
}
