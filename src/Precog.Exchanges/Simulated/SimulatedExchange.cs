using Precog.Domain.Fees;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Exchanges.Simulated;

/// <summary>
/// An in-process exchange for one account, deterministic from its seed and its injected <see cref="TimeProvider"/>.
/// Matching rules, kept simple on purpose:
/// <list type="bullet">
/// <item>The book holds the crowd's bids of each side; the account's own resting orders wait beside it, unseen.</item>
/// <item>A new order first trades against the book at the book's prices, best level first, walking levels while
/// they cross its limit: a buy of a side hits the other side's bids (cost 1 − bid), a sell hits its own side's
/// bids. Each level walked is one taker fill, charged the taker fee.</item>
/// <item>What is left rests (GTC) or is canceled (IOC). A FOK trades only when the crossing size covers all of
/// it, else it is canceled with nothing filled.</item>
/// <item>When the book changes (set by the scenario or stepped by the price process), resting orders, oldest
/// first, trade against whatever now crosses them, at their own limit, as one maker fill per order and change.</item>
/// <item>Closing a market cancels its resting orders; settling pays each held contract its side's payout.</item>
/// </list>
/// Fees come from <see cref="KalshiFeeModel"/> per fill. Every PlaceOrder call lands in <see cref="OrderLog"/>.
/// </summary>
public sealed partial class SimulatedExchange : IExchange
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly KalshiFeeModel _fees;
    private readonly PriceProcessSettings _prices;
    private readonly Random _priceRandom;
    private readonly Random _faultRandom;
    private readonly SimulatedAccount _account;
    private readonly Dictionary<MarketTicker, SimMarket> _markets = new();
    private readonly List<SimOrder> _orders = new();
    private readonly Dictionary<ClientOrderId, SimOrder> _byClientOrderId = new();
    private readonly Dictionary<string, SimOrder> _byOrderId = new(StringComparer.Ordinal);
    private readonly List<ExchangeFill> _fills = new();
    private readonly List<OrderLogEntry> _orderLog = new();
    private readonly List<SimulatedMarketData.Subscriber> _subscribers = new();
    private FaultSettings _faults;
    private long _orderNumber;
    private long _tradeNumber;

    public SimulatedExchange(SimulatedExchangeSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Platform);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Platform = settings.Platform;
        _fees = settings.Fees ?? KalshiFeeModel.Default;
        _prices = Validate(settings.Prices ?? PriceProcessSettings.Default);
        _faults = settings.Faults ?? FaultSettings.None;
        _priceRandom = new Random(settings.Seed);
        _faultRandom = new Random(unchecked(settings.Seed * 31 + 17));
        _account = new SimulatedAccount(settings.StartingBalance);
        MarketData = new SimulatedMarketData(this);
    }

    public string Platform { get; }

    /// <summary>The stream of this exchange's markets.</summary>
    public SimulatedMarketData MarketData { get; }

    /// <summary>The faults injected from now on.</summary>
    public FaultSettings Faults
    {
        get { lock (_gate) return _faults; }
        set { lock (_gate) _faults = value ?? FaultSettings.None; }
    }

    /// <summary>Every PlaceOrder call received, oldest first: the witness of what the venue was asked.</summary>
    public IReadOnlyList<OrderLogEntry> OrderLog
    {
        get { lock (_gate) return _orderLog.ToList(); }
    }

    public async Task<OrderState> PlaceOrderAsync(OrderRequest order, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(order);
        const string operation = "PlaceOrder";
        await WaitLatency(ct).ConfigureAwait(false);
        OrderState placed;
        TimeSpan? timeout = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var fault = DrawCallFault(operation);
            if (fault is not null)
            {
                Log(order, now, fault is ExchangeRateLimitedException ? OrderLogOutcome.RateLimited : OrderLogOutcome.Unavailable, null, fault.Message);
                throw fault;
            }
            if (_byClientOrderId.TryGetValue(order.ClientOrderId, out var existing))
            {
                Log(order, now, OrderLogOutcome.Duplicate, existing.OrderId, null);
                return existing.ToState();
            }
            if (Refusal(order) is { } refusal)
            {
                Log(order, now, OrderLogOutcome.Rejected, null, $"{refusal.Code}: {refusal.Message}");
                throw new ExchangeRejectedException(Platform, operation, refusal.Code, refusal.Message);
            }
            var accepted = Accept(order, now);
            if (_faultRandom.NextDouble() < _faults.TimeoutAfterAcceptRate)
                timeout = _faults.TimeoutAfterOrDefault;
            Log(order, now, timeout is null ? OrderLogOutcome.Placed : OrderLogOutcome.PlacedThenTimedOut, accepted.OrderId, null);
            placed = accepted.ToState();
        }
        if (timeout is { } after)
        {
            await InFlight.Park(after, _time, ct).ConfigureAwait(false);
            throw new ExchangeTimeoutException(Platform, operation, after);
        }
        return placed;
    }

    public async Task<OrderState> CancelOrderAsync(string orderId, MarketTicker ticker, CancellationToken ct)
    {
        const string operation = "CancelOrder";
        await Gate(operation, ct).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_byOrderId.TryGetValue(orderId, out var order))
                throw new ExchangeRejectedException(Platform, operation, "ORDER_NOT_FOUND", $"order '{orderId}' is unknown");
            if (order.Request.Ticker != ticker)
                throw new ExchangeRejectedException(Platform, operation, "ORDER_TICKER_MISMATCH", $"order '{orderId}' is in {order.Request.Ticker}, not {ticker}");
            if (_markets[ticker].Status != Domain.Markets.MarketStatus.Open)
                throw new ExchangeRejectedException(Platform, operation, "MARKET_INACTIVE", $"market {ticker} is {_markets[ticker].Status}");
            if (order.Status == OrderStatus.Resting)
                order.End(OrderStatus.Canceled, _time.GetUtcNow());
            return order.ToState();
        }
    }

    public async Task<OrderState?> GetOrderAsync(ClientOrderId clientOrderId, CancellationToken ct)
    {
        await Gate("GetOrder", ct).ConfigureAwait(false);
        lock (_gate)
            return _byClientOrderId.TryGetValue(clientOrderId, out var order) ? order.ToState() : null;
    }

    public async Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderStatus? status, CancellationToken ct)
    {
        await Gate("GetOrders", ct).ConfigureAwait(false);
        lock (_gate)
            return _orders.Where(o => status is null || o.Status == status).Select(o => o.ToState()).ToList();
    }

    public async Task<IReadOnlyList<ExchangeFill>> GetFillsAsync(string? orderId, DateTimeOffset? since, CancellationToken ct)
    {
        await Gate("GetFills", ct).ConfigureAwait(false);
        lock (_gate)
            return _fills.Where(f => (orderId is null || f.OrderId == orderId) && (since is null || f.At >= since)).ToList();
    }

    /// <summary>The account's cash as the simulation knows it: no latency, no fault (for a summary, not for the engine).</summary>
    public Money Balance
    {
        get { lock (_gate) return new Money(_account.Balance); }
    }

    public async Task<Money> GetBalanceAsync(CancellationToken ct)
    {
        await Gate("GetBalance", ct).ConfigureAwait(false);
        lock (_gate)
            return new Money(_account.Balance);
    }

    public async Task<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken ct)
    {
        await Gate("GetPositions", ct).ConfigureAwait(false);
        lock (_gate)
            return _account.Positions;
    }

    public async Task<IReadOnlyList<ExchangeMarket>> GetMarketsAsync(CancellationToken ct)
    {
        await Gate("GetMarkets", ct).ConfigureAwait(false);
        lock (_gate)
            return _markets.Values.Select(m => m.ToExchangeMarket(Platform)).ToList();
    }

    public async Task<OrderBook> GetOrderBookAsync(MarketTicker ticker, CancellationToken ct)
    {
        const string operation = "GetOrderBook";
        await Gate(operation, ct).ConfigureAwait(false);
        lock (_gate)
            return _markets.TryGetValue(ticker, out var market)
                ? market.Book.ToOrderBook(ticker, _time.GetUtcNow())
                : throw new ExchangeRejectedException(Platform, operation, "MARKET_NOT_FOUND", $"market {ticker} is not listed");
    }

    public async Task<ExchangeStatus> GetStatusAsync(CancellationToken ct)
    {
        await Gate("GetStatus", ct).ConfigureAwait(false);
        return new ExchangeStatus(true, true);
    }

    private async Task Gate(string operation, CancellationToken ct)
    {
        await WaitLatency(ct).ConfigureAwait(false);
        lock (_gate)
            if (DrawCallFault(operation) is { } fault)
                throw fault;
    }

    private Task WaitLatency(CancellationToken ct)
    {
        var latency = Faults.Latency;
        return latency > TimeSpan.Zero ? InFlight.Park(latency, _time, ct) : Task.CompletedTask;
    }

    /// <summary>One draw per call, made whatever the rates, so that changing a rate does not shift later draws.</summary>
    private ExchangeException? DrawCallFault(string operation)
    {
        var draw = _faultRandom.NextDouble();
        if (draw < _faults.ErrorRate)
            return new ExchangeUnavailableException(Platform, operation, "injected fault: the venue is unavailable");
        if (draw < _faults.ErrorRate + _faults.RateLimitRate)
            return new ExchangeRateLimitedException(Platform, operation, _faults.RetryAfter ?? TimeSpan.FromSeconds(1));
        return null;
    }

    private void Log(OrderRequest order, DateTimeOffset at, OrderLogOutcome outcome, string? orderId, string? detail) =>
        _orderLog.Add(new OrderLogEntry(order.ClientOrderId, order, at, outcome, orderId, detail));

    /// <summary>Why the venue refuses an order (code and a message naming the value), or null when it takes it.</summary>
    private (string Code, string Message)? Refusal(OrderRequest order)
    {
        if (!string.Equals(order.Platform, Platform, StringComparison.Ordinal))
            return ("PLATFORM_MISMATCH", $"order for platform '{order.Platform}' sent to '{Platform}'");
        if (!_markets.TryGetValue(order.Ticker, out var market))
            return ("MARKET_NOT_FOUND", $"market {order.Ticker} is not listed");
        if (order.Quantity.IsZero)
            return ("INVALID_QUANTITY", $"quantity {order.Quantity} must be at least 1");
        if (!OnGrid(order.LimitPrice))
            return ("INVALID_PRICE", $"price {order.LimitPrice} is not a whole cent in [0.01, 0.99]");
        if (market.Status != Domain.Markets.MarketStatus.Open)
            return ("MARKET_INACTIVE", $"market {order.Ticker} is {market.Status}");
        var (buySide, buyPrice) = AsBuy(order.Side, order.Action, order.LimitPrice);
        var cost = _account.Opening(order.Ticker, buySide, order.Quantity.Value) * buyPrice.Value;
        if (cost > _account.Balance)
            return ("INSUFFICIENT_BALANCE", $"opening {order.Quantity} at {order.LimitPrice} costs up to {cost:0.00##}, balance is {_account.Balance:0.00##}");
        return null;
    }

    internal static bool OnGrid(Price price) =>
        price.Value >= 0.01m && price.Value <= 0.99m && decimal.Round(price.Value, 2) == price.Value;

    /// <summary>Selling a side is buying the other at the complement: every fill reduces to a buy.</summary>
    private static (Side Side, Price Price) AsBuy(Side side, OrderAction action, Price price) =>
        action == OrderAction.Buy ? (side, price) : (SimulatedBook.Other(side), price.Complement);
}
