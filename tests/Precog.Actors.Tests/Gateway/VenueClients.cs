using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Simulated;

namespace Precog.Actors.Tests.Gateway;

/// <summary>
/// The simulated venue behind a client that can be made to fail the way a buggy client does: the venue takes the
/// order, then the client throws something nobody foresaw (not an <see cref="ExchangeException"/>).
/// </summary>
internal sealed class BreakableClient(SimulatedExchange venue) : IExchange
{
    private int _breakNextPlace;

    /// <summary>The next place reaches the venue, and its answer is lost in an unforeseen exception.</summary>
    public void BreakNextPlace() => Interlocked.Exchange(ref _breakNextPlace, 1);

    public string Platform => venue.Platform;

    public async Task<OrderState> PlaceOrderAsync(OrderRequest order, CancellationToken ct)
    {
        var placed = await venue.PlaceOrderAsync(order, ct).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _breakNextPlace, 0) == 1) throw new InvalidOperationException("the response could not be parsed");
        return placed;
    }

    public Task<OrderState> CancelOrderAsync(string orderId, MarketTicker ticker, CancellationToken ct) => venue.CancelOrderAsync(orderId, ticker, ct);
    public Task<OrderState?> GetOrderAsync(ClientOrderId clientOrderId, CancellationToken ct) => venue.GetOrderAsync(clientOrderId, ct);
    public Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderStatus? status, CancellationToken ct) => venue.GetOrdersAsync(status, ct);
    public Task<IReadOnlyList<ExchangeFill>> GetFillsAsync(string? orderId, DateTimeOffset? since, CancellationToken ct) => venue.GetFillsAsync(orderId, since, ct);
    public Task<Money> GetBalanceAsync(CancellationToken ct) => venue.GetBalanceAsync(ct);
    public Task<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken ct) => venue.GetPositionsAsync(ct);
    public Task<IReadOnlyList<ExchangeMarket>> GetMarketsAsync(CancellationToken ct) => venue.GetMarketsAsync(ct);
    public Task<OrderBook> GetOrderBookAsync(MarketTicker ticker, CancellationToken ct) => venue.GetOrderBookAsync(ticker, ct);
    public Task<ExchangeStatus> GetStatusAsync(CancellationToken ct) => venue.GetStatusAsync(ct);
}
