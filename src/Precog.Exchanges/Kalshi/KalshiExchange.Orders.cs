using System.Runtime.ExceptionServices;
using System.Text.Json;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using static Precog.Exchanges.Kalshi.KalshiNumbers;

namespace Precog.Exchanges.Kalshi;

/// <summary>Orders: create (V2, legacy as fallback), cancel, and the lookup by client order id that settles an unknown outcome.</summary>
public sealed partial class KalshiExchange
{
    /// <summary>
    /// The most aggressive limit of an order meant to trade at once: Kalshi has no market order (PROTOCOLS §1.5), so a
    /// market order is an immediate-or-cancel at 0.99 to buy or 0.01 to sell, in the held side's terms.
    /// </summary>
    public static Price MarketableLimit(OrderAction action) => action == OrderAction.Buy ? new Price(0.99m) : new Price(0.01m);

    /// <summary>
    /// Places the order, or finds it when Kalshi already has its client order id. Creation is retried on 5xx, 429 and
    /// timeouts (safe: the client order id makes a second create a refused duplicate, never a second order). A duplicate
    /// answer, or a timeout left after the last attempt, is resolved by looking the order up by client order id; only
    /// when Kalshi has no such order does the timeout reach the caller, the outcome still unknown.
    /// </summary>
    public async Task<OrderState> PlaceOrderAsync(OrderRequest order, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(order);
        const string operation = "PlaceOrder";
        if (!string.Equals(order.Platform, Platform, StringComparison.Ordinal))
            throw new ExchangeRejectedException(Platform, operation, "platform_mismatch", $"order for platform '{order.Platform}' sent to '{Platform}'");
        if (order.Quantity.IsZero)
            throw new ExchangeRejectedException(Platform, operation, "invalid_order_size", "quantity must be at least 1");
        var hint = new KalshiOrderHint(order.Side, order.Action);
        _sent[order.ClientOrderId] = (order.Ticker, hint);
        OrderState placed;
        try
        {
            placed = await Create(order, operation, ct).ConfigureAwait(false);
        }
        catch (KalshiDuplicateOrderException duplicate)
        {
            placed = await GetOrderAsync(order.ClientOrderId, ct).ConfigureAwait(false)
                     ?? throw new ExchangeRejectedException(Platform, operation, duplicate.Code, $"{duplicate.Message}, yet no order has client order id {order.ClientOrderId}");
        }
        catch (ExchangeTimeoutException timeout)
        {
            var found = await FindAfterTimeout(order.ClientOrderId, ct).ConfigureAwait(false);
            if (found is null) ExceptionDispatchInfo.Throw(timeout);
            placed = found;
        }
        _byOrderId[placed.OrderId] = hint;
        return placed;
    }

    private async Task<OrderState?> FindAfterTimeout(ClientOrderId clientOrderId, CancellationToken ct)
    {
        try
        {
            return await GetOrderAsync(clientOrderId, ct).ConfigureAwait(false);
        }
        catch (ExchangeException)
        {
            return null; // the lookup failed too: the outcome stays unknown, and the timeout says so
        }
    }

    private async Task<OrderState> Create(OrderRequest order, string operation, CancellationToken ct)
    {
        if (!_legacyOrders)
        {
            try
            {
                return await CreateV2(order, operation, ct).ConfigureAwait(false);
            }
            catch (ExchangeNotFoundException missing) when (IsMissingRoute(missing))
            {
                _legacyOrders = true;
            }
        }
        return await CreateLegacy(order, operation, ct).ConfigureAwait(false);
    }

    /// <summary>A 404 with no Kalshi error body: the route itself is unknown (an older deployment), not the order or market.</summary>
    private static bool IsMissingRoute(ExchangeNotFoundException e) => e.Code == "http_404";

    /// <summary>
    /// V2 create: everything in YES terms (PROTOCOLS §1.5). Buying YES at p bids p; selling YES at p asks p; buying NO at
    /// p asks 1 − p; selling NO at p bids 1 − p.
    /// </summary>
    internal static Dictionary<string, object?> V2Body(OrderRequest order)
    {
        var (bookSide, yesPrice) = (order.Side, order.Action) switch
        {
            (Side.Yes, OrderAction.Buy) => ("bid", order.LimitPrice),
            (Side.Yes, OrderAction.Sell) => ("ask", order.LimitPrice),
            (Side.No, OrderAction.Buy) => ("ask", order.LimitPrice.Complement),
            _ => ("bid", order.LimitPrice.Complement),
        };
        return new Dictionary<string, object?>
        {
            ["ticker"] = order.Ticker.Value,
            ["client_order_id"] = order.ClientOrderId.ToString(),
            ["side"] = bookSide,
            ["count"] = FormatCount(order.Quantity.Value),
            ["price"] = FormatDollars(yesPrice.Value),
            ["time_in_force"] = TimeInForceName(order.TimeInForce),
            ["self_trade_prevention_type"] = "taker_at_cross",
        };
    }

    private async Task<OrderState> CreateV2(OrderRequest order, string operation, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        using var doc = await _transport.SendAsync(
            new KalshiCall(operation, HttpMethod.Post, "/portfolio/events/orders", V2Body(order), KalshiBucket.Write, KalshiRateLimiter.CreateV2Cost, SafeToRetry: true), ct)
            .ConfigureAwait(false);
        var root = doc.RootElement;
        return Map(operation, () => root.TryGetProperty("order", out var full) && full.ValueKind == JsonValueKind.Object
            ? KalshiWire.Order(full, new KalshiOrderHint(order.Side, order.Action))
            : FromV2Answer(order, root, now));
    }

    /// <summary>
    /// The V2 answer has counts, not a status: all filled is executed; otherwise a GTC rests with what remains and an
    /// IOC or FOK has had its rest canceled.
    /// </summary>
    private static OrderState FromV2Answer(OrderRequest order, JsonElement answer, DateTimeOffset sentAt)
    {
        var orderId = KalshiWire.Text(answer, "order_id");
        var filled = QuantityOrNull(answer, "fill_count") ?? Quantity.Zero;
        if (filled > order.Quantity) throw new KalshiFormatException("fill_count", $"{filled} exceeds the {order.Quantity} ordered");
        var rest = order.Quantity - filled;
        var status = rest.IsZero ? OrderStatus.Executed : order.TimeInForce == TimeInForce.GoodTillCanceled ? OrderStatus.Resting : OrderStatus.Canceled;
        var remaining = status == OrderStatus.Resting ? QuantityOrNull(answer, "remaining_count") ?? rest : Quantity.Zero;
        var at = KalshiWire.MillisOrNull(answer, "ts_ms") ?? sentAt;
        return new OrderState(orderId, order.ClientOrderId, order.Ticker, order.Side, order.Action, order.LimitPrice,
            order.Quantity, filled, remaining, status, at, at);
    }

    private async Task<OrderState> CreateLegacy(OrderRequest order, string operation, CancellationToken ct)
    {
        var body = new Dictionary<string, object?>
        {
            ["ticker"] = order.Ticker.Value,
            ["client_order_id"] = order.ClientOrderId.ToString(),
            ["side"] = order.Side.ToWire(),
            ["action"] = order.Action == OrderAction.Buy ? "buy" : "sell",
            ["count"] = order.Quantity.Value,
            ["count_fp"] = FormatCount(order.Quantity.Value),
            [order.Side == Side.Yes ? "yes_price_dollars" : "no_price_dollars"] = FormatDollars(order.LimitPrice.Value),
            ["time_in_force"] = TimeInForceName(order.TimeInForce),
        };
        using var doc = await _transport.SendAsync(
            new KalshiCall(operation, HttpMethod.Post, "/portfolio/orders", body, KalshiBucket.Write, KalshiRateLimiter.CreateLegacyCost, SafeToRetry: true), ct)
            .ConfigureAwait(false);
        var root = doc.RootElement;
        return Map(operation, () => KalshiWire.Order(KalshiWire.Member(root, "order"), new KalshiOrderHint(order.Side, order.Action)));
    }

    private static string TimeInForceName(TimeInForce tif) => tif switch
    {
        TimeInForce.GoodTillCanceled => "good_till_canceled",
        TimeInForce.ImmediateOrCancel => "immediate_or_cancel",
        _ => "fill_or_kill",
    };

    /// <summary>
    /// Cancels what rests of an order and answers its state afterwards. A refusal because the order no longer rests
    /// (executed, already canceled, canceled by the market's close) is no error: its state is answered.
    /// </summary>
    public async Task<OrderState> CancelOrderAsync(string orderId, MarketTicker ticker, CancellationToken ct)
    {
        const string operation = "CancelOrder";
        try
        {
            if (!_legacyOrders)
            {
                try
                {
                    using var _ = await _transport.SendAsync(new KalshiCall(operation, HttpMethod.Delete,
                        $"/portfolio/events/orders/{Uri.EscapeDataString(orderId)}{Query([("market_ticker", ticker.Value)])}", null,
                        KalshiBucket.Write, KalshiRateLimiter.CancelCost, SafeToRetry: true), ct).ConfigureAwait(false);
                    return await GetOrderByIdAsync(orderId, ct).ConfigureAwait(false);
                }
                catch (ExchangeNotFoundException missing) when (IsMissingRoute(missing))
                {
                    _legacyOrders = true;
                }
            }
            using var doc = await _transport.SendAsync(new KalshiCall(operation, HttpMethod.Delete, $"/portfolio/orders/{Uri.EscapeDataString(orderId)}", null,
                KalshiBucket.Write, KalshiRateLimiter.CancelCost, SafeToRetry: true), ct).ConfigureAwait(false);
            var root = doc.RootElement;
            return Map(operation, () => KalshiWire.Order(KalshiWire.Member(root, "order"), HintOf(orderId)));
        }
        catch (ExchangeRejectedException refused) when (refused is not ExchangeAuthenticationException)
        {
            OrderState? state = null;
            try
            {
                state = await GetOrderByIdAsync(orderId, ct).ConfigureAwait(false);
            }
            catch (ExchangeNotFoundException)
            {
                // no such order: the refusal stands
            }
            if (state is null || state.Status == OrderStatus.Resting) ExceptionDispatchInfo.Throw(refused);
            return state;
        }
    }

    /// <summary>An order by Kalshi's order id.</summary>
    public async Task<OrderState> GetOrderByIdAsync(string orderId, CancellationToken ct) =>
        await Read("GetOrder", $"/portfolio/orders/{Uri.EscapeDataString(orderId)}",
            b => KalshiWire.Order(KalshiWire.Member(b, "order"), HintFor(KalshiWire.Member(b, "order"))), ct, KalshiRateLimiter.GetOrderCost).ConfigureAwait(false);

    /// <summary>
    /// The order with this client order id, or null. Kalshi cannot filter by it, so its market's orders are listed (the
    /// market is known for every order this client sent) or, after a restart, all the account's orders.
    /// </summary>
    public async Task<OrderState?> GetOrderAsync(ClientOrderId clientOrderId, CancellationToken ct)
    {
        MarketTicker? ticker = _sent.TryGetValue(clientOrderId, out var sent) ? sent.Ticker : null;
        var orders = await ListOrders(ticker, null, ct).ConfigureAwait(false);
        var found = orders.FirstOrDefault(o => o.ClientOrderId == clientOrderId);
        if (found is not null && sent.Hint is var hint && ticker is not null) _byOrderId[found.OrderId] = hint;
        return found;
    }
}
