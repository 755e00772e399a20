using System.Collections.Concurrent;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Benchmarks.Rig;

/// <summary>
/// The exchange port of the rigs: fills every order at once, in full, at its limit, and counts what reached it
/// (so a run that sent fewer orders than it should is seen). <see cref="OnPlace"/> is called as an order arrives,
/// before anything else: where exit_latency stops its clock.
/// </summary>
public sealed class BenchExchange : IExchange
{
    private static readonly DateTimeOffset Epoch = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<ClientOrderId, OrderState> _byClient = new();
    private readonly ConcurrentDictionary<string, ExchangeFill> _fills = new();
    private long _next;
    private long _buys;
    private long _sells;

    public string Platform => EngineRig.Platform;

    /// <summary>Called with each new order as it reaches the port (from the gateway's call, on a pool thread).</summary>
    public Action<OrderRequest>? OnPlace { get; set; }

    public long Buys => Interlocked.Read(ref _buys);
    public long Sells => Interlocked.Read(ref _sells);

    public Task<OrderState> PlaceOrderAsync(OrderRequest order, CancellationToken ct)
    {
        if (_byClient.TryGetValue(order.ClientOrderId, out var seen)) return Task.FromResult(seen);
        OnPlace?.Invoke(order);
        if (order.Action == OrderAction.Buy) Interlocked.Increment(ref _buys);
        else Interlocked.Increment(ref _sells);
        var n = Interlocked.Increment(ref _next);
        var id = $"o{n}";
        var state = new OrderState(id, order.ClientOrderId, order.Ticker, order.Side, order.Action, order.LimitPrice, order.Quantity, order.Quantity, Quantity.Zero,
            OrderStatus.Executed, Epoch, Epoch);
        _fills[id] = new ExchangeFill($"t{n}", id, order.Ticker, order.Side, order.Action, order.Quantity, order.LimitPrice, new Money(0m), true, Epoch);
        _byClient[order.ClientOrderId] = state;
        return Task.FromResult(state);
    }

    public Task<OrderState> CancelOrderAsync(string orderId, MarketTicker ticker, CancellationToken ct) =>
        Task.FromResult(_byClient.Values.First(o => o.OrderId == orderId));

    public Task<OrderState?> GetOrderAsync(ClientOrderId clientOrderId, CancellationToken ct) =>
        Task.FromResult(_byClient.TryGetValue(clientOrderId, out var o) ? o : null);

    public Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderStatus? status, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OrderState>>(status == OrderStatus.Resting ? [] : _byClient.Values.ToList());

    public Task<IReadOnlyList<ExchangeFill>> GetFillsAsync(string? orderId, DateTimeOffset? since, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ExchangeFill>>(orderId is not null && _fills.TryGetValue(orderId, out var f) ? [f] : orderId is null ? _fills.Values.ToList() : []);

    public Task<Money> GetBalanceAsync(CancellationToken ct) => Task.FromResult(new Money(1_000_000m));

    public Task<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ExchangePosition>>([]);

    public Task<IReadOnlyList<ExchangeMarket>> GetMarketsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ExchangeMarket>>([]);

    public Task<OrderBook> GetOrderBookAsync(MarketTicker ticker, CancellationToken ct) =>
        Task.FromResult(new OrderBook(ticker, [], [], Epoch));

    public Task<ExchangeStatus> GetStatusAsync(CancellationToken ct) => Task.FromResult(new ExchangeStatus(true, true));
}
