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
public sealed class SimulatedMarketData : IPushMarketDataStream
{
    private readonly SimulatedExchange _exchange;

    internal SimulatedMarketData(SimulatedExchange exchange) => _exchange = exchange;

    public string Platform => _exchange.Platform;

    /// <summary>Hands every event to <paramref name="deliver"/> on the thread that made it, as the venue makes it, until disposed.</summary>
    public IDisposable Subscribe(IReadOnlyCollection<MarketTicker> tickers, Action<MarketDataEvent> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        var subscriber = new Subscriber(tickers.ToHashSet(), deliver);
        _exchange.Subscribe(subscriber);
        return new Subscription(() => _exchange.Unsubscribe(subscriber));
    }

    public async IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateUnbounded<MarketDataEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = Subscribe(tickers, e => channel.Writer.TryWrite(e));
        while (await channel.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            while (channel.Reader.TryRead(out var e))
                yield return e;
    }

    /// <summary>One reader of the stream and the markets it asked for.</summary>
    internal sealed record Subscriber(HashSet<MarketTicker> Tickers, Action<MarketDataEvent> Deliver)
    {
        public void Write(MarketDataEvent e) => Deliver(e);
    }

    private sealed class Subscription(Action end) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0) end();
        }
    }
}
