using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Precog.Domain.Values;

namespace Precog.Exchanges.Simulated;

/// <summary>
/// The simulated exchange's stream: on subscribe a <see cref="BookSnapshot"/> of each market, then every
/// <see cref="BookDelta"/>, <see cref="MarketLifecycle"/> and <see cref="FillNotice"/> as the simulation changes.
/// Seq counts per market across all subscribers, so a snapshot carries the market's current Seq and the next
/// delta is Seq + 1; a stalled feed drops messages but keeps counting, so a resumed stream shows the gap.
/// </summary>
public sealed class SimulatedMarketData : IMarketDataStream
{
    private readonly SimulatedExchange _exchange;

    internal SimulatedMarketData(SimulatedExchange exchange) => _exchange = exchange;

    public string Platform => _exchange.Platform;

    /// <summary>
    /// Subscribes at once, when called (not at the first read), so that the snapshots and every later event are
    /// in the stream from the moment the caller asked for it: a virtual-time driver counts them from there.
    /// </summary>
    public IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken ct)
    {
        var channel = Channel.CreateUnbounded<MarketDataEvent>(new UnboundedChannelOptions { SingleReader = true });
        var subscriber = new Subscriber(tickers.ToHashSet(), channel.Writer, _exchange.Work);
        _exchange.Subscribe(subscriber);
        var ended = ct.Register(() => End(subscriber, channel.Reader)); // also when it is never read
        return Read(subscriber, channel.Reader, ended, ct);
    }

    private async IAsyncEnumerable<MarketDataEvent> Read(Subscriber subscriber, ChannelReader<MarketDataEvent> reader, CancellationTokenRegistration ended,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var owed = false; // an event handed out whose reader has not asked for the next one yet
        try
        {
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
                while (reader.TryRead(out var e))
                {
                    owed = true;
                    yield return e;
                    owed = false;
                    subscriber.Work?.End();
                }
        }
        finally
        {
            await ended.DisposeAsync().ConfigureAwait(false);
            if (owed) subscriber.Work?.End();
            End(subscriber, reader);
        }
    }

    /// <summary>Unsubscribes and releases what was never delivered.</summary>
    private void End(Subscriber subscriber, ChannelReader<MarketDataEvent> reader)
    {
        _exchange.Unsubscribe(subscriber);
        while (reader.TryRead(out _)) subscriber.Work?.End();
    }

    /// <summary>One reader of the stream and the markets it asked for; its events are counted as work in flight until read.</summary>
    internal sealed record Subscriber(HashSet<MarketTicker> Tickers, ChannelWriter<MarketDataEvent> Writer, IInFlightWork? Work)
    {
        public void Write(MarketDataEvent e)
        {
            Work?.Begin();
            if (!Writer.TryWrite(e)) Work?.End();
        }
    }
}
