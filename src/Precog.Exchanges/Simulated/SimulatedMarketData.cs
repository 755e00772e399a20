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

    public async IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateUnbounded<MarketDataEvent>(new UnboundedChannelOptions { SingleReader = true });
        var subscriber = new Subscriber(tickers.ToHashSet(), channel.Writer);
        _exchange.Subscribe(subscriber);
        try
        {
            while (await channel.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
                while (channel.Reader.TryRead(out var e))
                    yield return e;
        }
        finally
        {
            _exchange.Unsubscribe(subscriber);
        }
    }

    /// <summary>One reader of the stream and the markets it asked for.</summary>
    internal sealed record Subscriber(HashSet<MarketTicker> Tickers, ChannelWriter<MarketDataEvent> Writer);
}
