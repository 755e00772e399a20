using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Exchanges;

/// <summary>How long an order may rest.</summary>
public enum TimeInForce { GoodTillCanceled, ImmediateOrCancel, FillOrKill }

/// <summary>Where an order stands at the venue (Kalshi: a partly filled order stays resting; an IOC's rest ends canceled).</summary>
public enum OrderStatus { Resting, Canceled, Executed }

/// <summary>
/// An order in the held side's own terms: buy or sell <see cref="Side"/> contracts at that side's price.
/// Adapters translate (Kalshi V2 prices everything in YES terms). There is no market order: a market exit is
/// an IOC at an aggressive limit (TRADING_RULES.md §4). The client order id is the idempotency key: a venue
/// that has seen it answers with the existing order instead of placing a second one.
/// </summary>
public sealed record OrderRequest(
    ClientOrderId ClientOrderId, string Platform, MarketTicker Ticker, Side Side, OrderAction Action, Quantity Quantity, Price LimitPrice, TimeInForce TimeInForce);

/// <summary>An order as the venue reports it.</summary>
public sealed record OrderState(
    string OrderId, ClientOrderId ClientOrderId, MarketTicker Ticker, Side Side, OrderAction Action, Price LimitPrice,
    Quantity Initial, Quantity Filled, Quantity Remaining, OrderStatus Status, DateTimeOffset Created, DateTimeOffset Updated);

/// <summary>One fill at the venue, in the held side's terms. Kalshi's fills carry no client order id; the order id links them.</summary>
public sealed record ExchangeFill(
    string TradeId, string OrderId, MarketTicker Ticker, Side Side, OrderAction Action, Quantity Quantity, Price Price, Money Fee, bool IsTaker,
    DateTimeOffset At);

/// <summary>One price level of bids on one side: Kalshi's books are bids only (YES ask = 1 − best NO bid).</summary>
public sealed record BookLevel(Price Price, Quantity Size);

/// <summary>A market's book: bids of each side, best last (as Kalshi sends them).</summary>
public sealed record OrderBook(MarketTicker Ticker, IReadOnlyList<BookLevel> YesBids, IReadOnlyList<BookLevel> NoBids, DateTimeOffset At)
{
    public BookLevel? BestYesBid => YesBids.Count == 0 ? null : YesBids[^1];
    public BookLevel? BestNoBid => NoBids.Count == 0 ? null : NoBids[^1];

    /// <summary>What one contract of <paramref name="side"/> costs to buy now: 1 − the other side's best bid.</summary>
    public Price? Ask(Side side) => (side == Side.Yes ? BestNoBid : BestYesBid) is { } b ? b.Price.Complement : null;

    /// <summary>What one contract of <paramref name="side"/> sells for now: that side's best bid (the mark).</summary>
    public Price? Bid(Side side) => (side == Side.Yes ? BestYesBid : BestNoBid)?.Price;
}

/// <summary>A market as the venue lists it.</summary>
public sealed record ExchangeMarket(
    string Platform, MarketTicker Ticker, string EventTicker, string? SeriesTicker, string Title, MarketStatus Status,
    DateTimeOffset? ExpectedExpiration, Price? YesSettlement);

/// <summary>What the account holds in one market (never both sides at once).</summary>
public sealed record ExchangePosition(MarketTicker Ticker, Side Side, Quantity Quantity);

/// <summary>Whether the venue is up and taking orders.</summary>
public sealed record ExchangeStatus(bool ExchangeActive, bool TradingActive);

/// <summary>
/// A trading venue: the port the gateway talks to. Every failure is an <see cref="ExchangeException"/>
/// subtype, so callers decide by type what is safe to retry. Implementations: the simulated exchange, Kalshi.
/// </summary>
public interface IExchange
{
    string Platform { get; }

    /// <summary>Places an order, or returns the existing one when its client order id was seen before (never a second order).</summary>
    Task<OrderState> PlaceOrderAsync(OrderRequest order, CancellationToken ct);

    /// <summary>Cancels what rests of an order; the answer is its state afterwards (already executed or canceled is not an error).</summary>
    Task<OrderState> CancelOrderAsync(string orderId, MarketTicker ticker, CancellationToken ct);

    /// <summary>The order placed with this client order id, or null when the venue never saw it: how an unknown outcome is resolved.</summary>
    Task<OrderState?> GetOrderAsync(ClientOrderId clientOrderId, CancellationToken ct);

    Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderStatus? status, CancellationToken ct);

    /// <summary>Fills, oldest first, optionally of one order and/or from a time on.</summary>
    Task<IReadOnlyList<ExchangeFill>> GetFillsAsync(string? orderId, DateTimeOffset? since, CancellationToken ct);

    Task<Money> GetBalanceAsync(CancellationToken ct);

    Task<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken ct);

    Task<IReadOnlyList<ExchangeMarket>> GetMarketsAsync(CancellationToken ct);

    Task<OrderBook> GetOrderBookAsync(MarketTicker ticker, CancellationToken ct);

    Task<ExchangeStatus> GetStatusAsync(CancellationToken ct);
}
