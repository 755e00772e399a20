using Precog.Backtest.Tapes;
using Precog.Domain.Games;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Backtest.Tests.Tapes;

/// <summary>The live recorder (<c>--record</c>): what it records reads back as a tape; a failing disk stops the recording, not the caller.</summary>
public sealed class TapeRecorderTests : IDisposable
{
    private static readonly MarketTicker Ticker = new("KXNFLGAME-26JAN04CARKC-KC");
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-recorder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A clock a test moves by hand.</summary>
    private sealed class HandClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static BookSnapshot Snapshot(DateTimeOffset at) =>
        new("kalshi", Ticker, new OrderBook(Ticker, [new BookLevel(new Price(0.70m), new Quantity(50))], [new BookLevel(new Price(0.27m), new Quantity(40))], at), 1, at);

    [Fact]
    public async Task Recorded_inputs_read_back_in_order_with_the_header_spanning_them_and_deltas_as_whole_books()
    {
        var t0 = new DateTimeOffset(2026, 1, 4, 17, 0, 0, TimeSpan.Zero);
        var clock = new HandClock(t0);
        var file = Path.Combine(_dir, "live.tape.gz");
        var errors = new List<string>();
        await using (var recorder = new TapeRecorder(file, "node test", clock, errors.Add) { Ratings = team => team == "KC" ? 1660 : null })
        {
            recorder.Market(Snapshot(t0)); // before its listing: not on the tape (a replay could not place it)
            clock.Now = t0.AddSeconds(1);
            recorder.Listed(Ticker, "KXNFLGAME-26JAN04CARKC", "CAR at KC: KC wins", null, "nfl", "KXNFLGAME-26JAN04CARKC");
            var state = new GameStateChanged("nfl", "KXNFLGAME-26JAN04CARKC", "KC", "CAR", 0, 0, "Q1", "15:00", null, null, null, GameStatus.Pregame, t0);
            recorder.Game(state);
            recorder.Game(state with { At = t0.AddSeconds(5) }); // a repeat: not recorded again
            clock.Now = t0.AddSeconds(2);
            recorder.Market(new BookDelta("kalshi", Ticker, Side.Yes, new Price(0.71m), 10, 2, clock.Now));
            recorder.Market(new TradePrint("kalshi", Ticker, "t-77", new Price(0.7123m), new Quantity(15), Side.No, clock.Now));
            recorder.Market(new MarketLifecycle("kalshi", Ticker, Domain.Markets.MarketStatus.Open, null, clock.Now)); // open already: no news
            recorder.Market(new MarketLifecycle("kalshi", Ticker, Domain.Markets.MarketStatus.Closed, null, clock.Now));
            recorder.Market(new MarketLifecycle("kalshi", Ticker, Domain.Markets.MarketStatus.Closed, null, clock.Now)); // a restatement: once
            clock.Now = t0.AddSeconds(3);
            recorder.Market(new MarketLifecycle("kalshi", Ticker, Domain.Markets.MarketStatus.Settled, Price.One, clock.Now));
            recorder.Market(Snapshot(clock.Now)); // after its settlement: not recorded
        }

        Assert.Empty(errors);
        Assert.False(File.Exists(file + ".partial"));
        var tape = TapeReader.Read(file);
        Assert.Equal(new TapeHeader(TapeHeader.CurrentSchema, "node test", t0.AddSeconds(1), t0.AddSeconds(3), tape.Header.Note), tape.Header);
        Assert.Collection(tape.Events,
            e => Assert.Equal(new MarketListed(t0.AddSeconds(1), Ticker.Value, "KXNFLGAME-26JAN04CARKC", "CAR at KC: KC wins", null, "nfl", "KXNFLGAME-26JAN04CARKC"), e),
            e => Assert.Equal(new GameStateRecorded(t0.AddSeconds(1), "nfl", "KXNFLGAME-26JAN04CARKC", "KC", "CAR", 0, 0, "Q1", "15:00", GameStatus.Pregame, 1660, null, false), e),
            e =>
            {
                var book = Assert.IsType<BookSnapshotted>(e); // the snapshot before the listing, with the delta applied
                Assert.Equal([new TapeLevel(0.70m, 50), new TapeLevel(0.71m, 10)], book.YesBids);
                Assert.Equal([new TapeLevel(0.27m, 40)], book.NoBids);
            },
            e => Assert.Equal(new TradeRecorded(t0.AddSeconds(2), Ticker.Value, "t-77", 0.7123m, 15, "no"), e),
            e => Assert.Equal(new MarketStatusRecorded(t0.AddSeconds(2), Ticker.Value, MarketStatusRecorded.Closed), e),
            e => Assert.Equal(new MarketSettled(t0.AddSeconds(3), Ticker.Value, 1m), e));
    }

    [Fact]
    public async Task A_disk_that_fails_stops_the_recording_with_one_error_and_never_throws_at_the_caller()
    {
        if (!File.Exists("/dev/full")) return; // Linux's always-full device stands in for a full disk
        var file = Path.Combine(_dir, "full.tape.gz");
        File.CreateSymbolicLink(file + ".partial", "/dev/full");
        var errors = new List<string>();
        var clock = new HandClock(DateTimeOffset.UnixEpoch);
        var recorder = new TapeRecorder(file, "node test", clock, e => { lock (errors) errors.Add(e); });
        recorder.Listed(Ticker, "E", "T", null, "nfl", "g");
        for (var i = 0; i < 20_000; i++)
        {
            clock.Now = clock.Now.AddSeconds(1);
            recorder.Market(Snapshot(clock.Now)); // each a different moment: enough bytes to reach the disk
        }
        await recorder.DisposeAsync();

        var error = Assert.Single(errors);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains("trading goes on", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file)); // no tape pretending to be whole
        recorder.Market(Snapshot(clock.Now)); // and recording after the failure is a no-op, not an exception
    }
}
