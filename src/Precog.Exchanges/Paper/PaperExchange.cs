using System.Runtime.CompilerServices;
using Precog.Domain.Markets;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;

namespace Precog.Exchanges.Paper;

/// <summary>
/// Paper trading (<c>--paper</c>): a live venue's markets and data, with every order filled by the simulated exchange
/// against a copy of the live book, so no order, cancel or account call ever reaches the venue. Reads of what is listed
/// (<see cref="GetMarketsAsync"/>, <see cref="GetStatusAsync"/>) go to the venue; orders, fills, balance and positions
/// are the simulator's. The same object is the engine's market-data stream: each event of the venue's stream updates
/// the simulator's copy of its book (or closes or settles its market) before the engine hears it, so the engine never
/// decides on a book the simulator does not hold. Fees are the simulator's (Kalshi's fee model); the cash starts at the
/// configured paper balance.
/// </summary>
public sealed class PaperExchange : IExchange, IMarketDataStream
{
    private readonly IMarketDataStream _stream;
    private readonly SimulatedExchange _simulator;
    private readonly Lock _gate = new();
    private readonly Dictionary<MarketTicker, MarketStatus> _listed = [];
    private readonly StreamBooks _books = new();

    public PaperExchange(IExchange venue, IMarketDataStream stream, decimal startingBalance, TimeProvider time)
    {
        Venue = venue ?? throw new ArgumentNullException(nameof(venue));
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        if (startingBalance <= 0m) throw new ArgumentOutOfRangeException(nameof(startingBalance), startingBalance, "the paper balance must be positive");
        _simulator = new SimulatedExchange(new SimulatedExchangeSettings(Platform: venue.Platform, StartingBalance: startingBalance), time);
    }

    /// <summary>The live venue: read for its markets, never sent an order.</summary>
    public IExchange Venue { get; }

    public string Platform => Venue.Platform;

    /// <summary>The simulator's cash now.</summary>
    public Money Balance => _simulator.Balance;

    /// <summary>
    /// Applies one of the venue's events to the simulator: a book (snapshot or delta) replaces its copy of the market's
    /// book, a closed or settled lifecycle closes or settles it. Told of every event the stream yields; a caller that
    /// hears of a market's end by another road (a listing read) tells it here too. Answers why an event could not be
    /// applied (a crossed book, say), or null.
    /// </summary>
    public string? Apply(MarketDataEvent e)
    {
        lock (_gate)
        {
            try
            {
                if (_books.Apply(e) is { } book)
                {
                    if (!Listed(e.Ticker, null)) return null;
                    _simulator.ReplaceBook(e.Ticker, book.YesBids, book.NoBids);
                    return null;
                }
                if (e is MarketLifecycle l && _listed.TryGetValue(l.Ticker, out var status))
                {
                    if (l.Status == MarketStatus.Closed && status == MarketStatus.Open)
                    {
                        _simulator.CloseMarket(l.Ticker);
                        _listed[l.Ticker] = MarketStatus.Closed;
                    }
                    if (l.Status == MarketStatus.Settled && l.YesSettlement is { } payout && status != MarketStatus.Settled)
                    {
                        _simulator.SettleMarket(l.Ticker, payout);
                        _listed[l.Ticker] = MarketStatus.Settled;
                    }
                }
                return null;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                return $"{e.Ticker}: {ex.Message}";
            }
        }
    }

    /// <summary>Lists a market in the simulator the first time it is seen (open); false when it is not open.</summary>
    private bool Listed(MarketTicker ticker, ExchangeMarket? market)
    {
        if (_listed.TryGetValue(ticker, out var status)) return status == MarketStatus.Open;
        if (market is { Status: not MarketStatus.Open }) return false;
        _simulator.ListMarket(ticker, market?.EventTicker, market?.Title, market?.ExpectedExpiration);
        _listed.Add(ticker, MarketStatus.Open);
        return true;
    }

    public async IAsyncEnumerable<MarketDataEvent> ReadAsync(IReadOnlyCollection<MarketTicker> tickers, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var e in _stream.ReadAsync(tickers, ct).WithCancellation(ct))
        {
            if (e is FillNotice or OrderNotice) continue; // the venue's own account: paper orders never reach it
            if (Apply(e) is { } refused) Refused?.Invoke(refused);
            yield return e;
        }
    }

    /// <summary>Told why an event of the stream could not be applied to the simulator (logged by the node).</summary>
    public event Action<string>? Refused;

    public async Task<IReadOnlyList<ExchangeMarket>> GetMarketsAsync(CancellationToken ct)
    {
        var markets = await Venue.GetMarketsAsync(ct).ConfigureAwait(false);
        lock (_gate)
            foreach (var m in markets) Listed(m.Ticker, m);
        return markets;
    }

    public Task<ExchangeStatus> GetStatusAsync(CancellationToken ct) => Venue.GetStatusAsync(ct);

    public Task<OrderState> PlaceOrderAsync(OrderRequest order, CancellationToken ct) => _simulator.PlaceOrderAsync(order, ct);

    public Task<OrderState> CancelOrderAsync(string orderId, MarketTicker ticker, CancellationToken ct) => _simulator.CancelOrderAsync(orderId, ticker, ct);

    public Task<OrderState?> GetOrderAsync(ClientOrderId clientOrderId, CancellationToken ct) => _simulator.GetOrderAsync(clientOrderId, ct);

    public Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderStatus? status, CancellationToken ct) => _simulator.GetOrdersAsync(status, ct);

    public Task<IReadOnlyList<ExchangeFill>> GetFillsAsync(string? orderId, DateTimeOffset? since, CancellationToken ct) => _simulator.GetFillsAsync(orderId, since, ct);

    public Task<Money> GetBalanceAsync(CancellationToken ct) => _simulator.GetBalanceAsync(ct);

    public Task<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken ct) => _simulator.GetPositionsAsync(ct);

    /// <summary>The simulator's copy of the live book (what paper orders fill against); the venue's for a market it has not heard of.</summary>
    public Task<OrderBook> GetOrderBookAsync(MarketTicker ticker, CancellationToken ct)
    {
        lock (_gate)
            if (_listed.ContainsKey(ticker)) return _simulator.GetOrderBookAsync(ticker, ct);
        return Venue.GetOrderBookAsync(ticker, ct);
    }
}
