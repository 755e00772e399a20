using System.Runtime.CompilerServices;
using Akka.Actor;
using Precog.Actors.Feeds;
using Precog.Actors.Markets;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Actors.Tests.Feeds;

/// <summary>
/// The feed against a scripted stream whose readings are driven by the test. A stream may hand over what it had
/// buffered after its reading is cancelled (a channel's ReadAllAsync does, as the Kalshi stream's reader is): the feed,
/// which opens a new reading with a numbering of its own on every <see cref="FollowMarkets"/>, must not pass those on,
/// or two numberings interleave at a market.
/// </summary>
public sealed class MarketFeedTests : ActorTestBase
{
    private static readonly MarketTicker A = new("KXNFLGAME-25DEC07BUFCIN-BUF"), B = new("KXNFLGAME-25DEC07BUFCIN-CIN");

    private static BookDelta Delta(MarketTicker ticker, long seq) => new("scripted", ticker, Side.Yes, new Price(0.50m), 1, seq, T0);

    /// <summary>One reading: yields each event told to it, whether or not it was cancelled; says when it is over.</summary>
    private sealed class Reading
    {
        public System.Threading.Channels.Channel<MarketDataEvent> Events { get; } = System.Threading.Channels.Channel.CreateUnbounded<MarketDataEvent>();
        public TaskCompletionSource Over { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class ScriptedStream : IMarketDataStream
    {
        private readonly System.Threading.Channels.Channel<Reading> _opened = System.Threading.Channels.Channel.CreateUnbounded<Reading>();

        public string Platform => "scripted";

        public ValueTask<Reading> NextReadingAsync() => _opened.Reader.ReadAsync();

        public IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken ct)
        {
            var reading = new Reading();
            _opened.Writer.TryWrite(reading);
            return Read(reading);
        }

        private static async IAsyncEnumerable<MarketDataEvent> Read(Reading reading, [EnumeratorCancellation] CancellationToken ct = default)
        {
            try
            {
                // the cancellation is not looked at between events: what was buffered still comes, as from a channel
                while (await reading.Events.Reader.WaitToReadAsync(CancellationToken.None))
                    while (reading.Events.Reader.TryRead(out var e)) yield return e;
            }
            finally
            {
                reading.Over.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task Events_a_superseded_reading_still_hands_over_do_not_reach_the_markets()
    {
        var stream = new ScriptedStream();
        var markets = CreateTestProbe();
        var feed = Sys.ActorOf(MarketFeed.Props(stream, markets.Ref, Clock));

        // given a reading of A that delivered its first event
        feed.Tell(new FollowMarkets([A]));
        var first = await stream.NextReadingAsync();
        first.Events.Writer.TryWrite(Delta(A, 1));
        Assert.Equal(1, markets.ExpectMsg<ApplyMarketData>().Data is BookDelta { Seq: var s } ? s : 0);

        // when B is followed (a new reading, numbered afresh) and the old reading then hands over what it had buffered
        feed.Tell(new FollowMarkets([B]));
        var second = await stream.NextReadingAsync();
        first.Events.Writer.TryWrite(Delta(A, 2));
        first.Events.Writer.TryWrite(Delta(A, 3));
        first.Events.Writer.Complete();
        await first.Over.Task.WaitAsync(TimeSpan.FromSeconds(10));
        second.Events.Writer.TryWrite(Delta(A, 1));

        // then the markets hear only the new reading
        var next = markets.ExpectMsg<ApplyMarketData>().Data;
        Assert.Equal((A, 1L), (next.Ticker, ((BookDelta)next).Seq));
        markets.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
