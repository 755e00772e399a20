using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Precog.Domain.Values;

namespace Precog.Exchanges.Kalshi;

/// <summary>
/// Kalshi's Trade API v2 over REST as an <see cref="IExchange"/>, plus the reads the port does not name (events, series,
/// settlements, filtered markets). Lists walk every cursor page. Answers are read exactly (<see cref="KalshiWire"/>);
/// one that cannot be read is an <see cref="ExchangeMalformedResponseException"/> naming the field. Orders are in the
/// held side's terms here and in YES terms on the wire (V2), translated both ways.
/// </summary>
public sealed partial class KalshiExchange : IExchange, IDisposable
{
    private readonly KalshiSettings _settings;
    private readonly KalshiTransport _transport;
    private readonly TimeProvider _time;
    private readonly HttpClient? _ownedHttp;
    private readonly KalshiSigner? _ownedSigner;
    // what we asked for each order we sent: its ticker (where to look it up) and direction (V2 answers cannot tell buy from sell)
    private readonly ConcurrentDictionary<ClientOrderId, (MarketTicker Ticker, KalshiOrderHint Hint)> _sent = new();
    private readonly ConcurrentDictionary<string, KalshiOrderHint> _byOrderId = new(StringComparer.Ordinal);
    private volatile bool _legacyOrders;

    /// <summary>A client that owns its HttpClient and its key (loaded, with the permission check, from the settings' key file).</summary>
    public KalshiExchange(KalshiSettings settings, TimeProvider time)
        : this(settings, KalshiSigner.FromKeyFile(settings.KeyId, settings.KeyFile), new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, time, owns: true)
    {
    }

    /// <summary>A client over a given signer and HttpClient (neither is disposed with it). Tests pass a <c>FakeTimeProvider</c> and a seeded jitter.</summary>
    public KalshiExchange(KalshiSettings settings, KalshiSigner signer, HttpClient http, TimeProvider time, Random? jitter = null)
        : this(settings, signer, http, time, owns: false, jitter)
    {
    }

    private KalshiExchange(KalshiSettings settings, KalshiSigner signer, HttpClient http, TimeProvider time, bool owns, Random? jitter = null)
    {
        _settings = settings.Validated();
        _time = time;
        _transport = new KalshiTransport(settings, signer, http, time, jitter);
        _legacyOrders = settings.OrderApi == KalshiOrderApi.Legacy;
        if (owns)
        {
            _ownedHttp = http;
            _ownedSigner = signer;
        }
    }

    public string Platform => KalshiSettings.Platform;

    /// <summary>The buckets calls draw on (read and write), sized for the settings' tier.</summary>
    public KalshiRateLimiter Limiter => _transport.Limiter;

    /// <summary>True once order mutations go to the legacy endpoints (by settings, or after the V2 route was missing).</summary>
    public bool UsesLegacyOrders => _legacyOrders;

    public async Task<ExchangeStatus> GetStatusAsync(CancellationToken ct) =>
        await Read("GetStatus", "/exchange/status", KalshiWire.Status, ct).ConfigureAwait(false);

    public async Task<Money> GetBalanceAsync(CancellationToken ct) =>
        await Read("GetBalance", "/portfolio/balance", KalshiWire.Balance, ct).ConfigureAwait(false);

    /// <summary>Open markets of the settings' series (all open markets when none is set).</summary>
    public async Task<IReadOnlyList<ExchangeMarket>> GetMarketsAsync(CancellationToken ct)
    {
        if (_settings.MarketSeries is not { Count: > 0 } series)
            return await GetMarketsAsync(new KalshiMarketQuery(), ct).ConfigureAwait(false);
        var all = new List<ExchangeMarket>();
        foreach (var s in series)
            all.AddRange(await GetMarketsAsync(new KalshiMarketQuery(SeriesTicker: s), ct).ConfigureAwait(false));
        return all;
    }

    public Task<IReadOnlyList<ExchangeMarket>> GetMarketsAsync(KalshiMarketQuery query, CancellationToken ct) =>
        Pages("GetMarkets", "/markets", 1000,
            [("series_ticker", query.SeriesTicker), ("event_ticker", query.EventTicker), ("status", query.Status),
             ("tickers", query.Tickers is { Count: > 0 } t ? string.Join(',', t) : null)],
            "markets", KalshiWire.Market, ct);

    public async Task<ExchangeMarket> GetMarketAsync(MarketTicker ticker, CancellationToken ct) =>
        await Read("GetMarket", $"/markets/{Escape(ticker.Value)}", b => KalshiWire.Market(KalshiWire.Member(b, "market")), ct).ConfigureAwait(false);

    public async Task<OrderBook> GetOrderBookAsync(MarketTicker ticker, CancellationToken ct)
    {
        var at = _time.GetUtcNow();
        return await Read("GetOrderBook", $"/markets/{Escape(ticker.Value)}/orderbook", b => KalshiWire.Book(ticker, b, at), ct).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<KalshiEvent>> GetEventsAsync(string? seriesTicker, string? status, bool withNestedMarkets, CancellationToken ct) =>
        Pages("GetEvents", "/events", 200,
            [("series_ticker", seriesTicker), ("status", status), ("with_nested_markets", withNestedMarkets ? "true" : null)],
            "events", e => KalshiWire.Event(e), ct);

    public async Task<KalshiEvent> GetEventAsync(string eventTicker, CancellationToken ct) =>
        await Read("GetEvent", $"/events/{Escape(eventTicker)}",
            b => KalshiWire.Event(KalshiWire.Member(b, "event"), b.TryGetProperty("markets", out var m) ? m : null), ct).ConfigureAwait(false);

    public async Task<KalshiSeries> GetSeriesAsync(string seriesTicker, CancellationToken ct) =>
        await Read("GetSeries", $"/series/{Escape(seriesTicker)}", b => KalshiWire.Series(KalshiWire.Member(b, "series")), ct).ConfigureAwait(false);

    public async Task<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken ct)
    {
        var positions = await Pages("GetPositions", "/portfolio/positions", _settings.PageSize, [("count_filter", "position")],
            "market_positions", KalshiWire.Position, ct).ConfigureAwait(false);
        return positions.OfType<ExchangePosition>().ToList();
    }

    public Task<IReadOnlyList<KalshiSettlement>> GetSettlementsAsync(CancellationToken ct) =>
        Pages("GetSettlements", "/portfolio/settlements", _settings.PageSize, [], "settlements", KalshiWire.Settlement, ct);

    /// <summary>Fills, oldest first; <c>min_ts</c> is whole seconds, so the exact <paramref name="since"/> is applied here.</summary>
    public async Task<IReadOnlyList<ExchangeFill>> GetFillsAsync(string? orderId, DateTimeOffset? since, CancellationToken ct)
    {
        var fills = await Pages("GetFills", "/portfolio/fills", _settings.PageSize,
            [("order_id", orderId), ("min_ts", since?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))],
            "fills", f => KalshiWire.Fill(f, HintOf), ct).ConfigureAwait(false);
        return fills.Where(f => since is null || f.At >= since).OrderBy(f => f.At).ToList();
    }

    public async Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderStatus? status, CancellationToken ct) =>
        await ListOrders(null, status, ct).ConfigureAwait(false);

    private Task<IReadOnlyList<OrderState>> ListOrders(MarketTicker? ticker, OrderStatus? status, CancellationToken ct) =>
        Pages("GetOrders", "/portfolio/orders", _settings.PageSize,
            [("ticker", ticker?.Value), ("status", status switch { OrderStatus.Resting => "resting", OrderStatus.Canceled => "canceled", OrderStatus.Executed => "executed", _ => null })],
            "orders", o => KalshiWire.Order(o, HintFor(o)), ct);

    /// <summary>What this client asked for an order it sent (null for one it did not): the stream's fills and orders read direction by it.</summary>
    public KalshiOrderHint? HintOf(string orderId) => _byOrderId.TryGetValue(orderId, out var hint) ? hint : null;

    /// <summary>What we asked for this order object: by its order id, else by its client order id.</summary>
    private KalshiOrderHint? HintFor(JsonElement order)
    {
        if (KalshiWire.TextOrNull(order, "order_id") is { } id && HintOf(id) is { } byId) return byId;
        return Guid.TryParseExact(KalshiWire.TextOrNull(order, "client_order_id"), "D", out var cid) && _sent.TryGetValue(new ClientOrderId(cid), out var sent)
            ? sent.Hint
            : null;
    }

    /// <summary>One GET read and mapped; a field that cannot be read becomes a malformed-response error naming it.</summary>
    private async Task<T> Read<T>(string operation, string path, Func<JsonElement, T> map, CancellationToken ct, decimal cost = KalshiRateLimiter.DefaultCost)
    {
        using var doc = await _transport.SendAsync(new KalshiCall(operation, HttpMethod.Get, path, null, KalshiBucket.Read, cost, SafeToRetry: true), ct)
            .ConfigureAwait(false);
        return Map(operation, () => map(doc.RootElement));
    }

    /// <summary>Walks the cursor pages of a list until the cursor comes back empty; a cursor seen twice is an error, not a loop.</summary>
    private async Task<IReadOnlyList<T>> Pages<T>(
        string operation, string path, int limit, IReadOnlyList<(string Key, string? Value)> query, string arrayField, Func<JsonElement, T> map,
        CancellationToken ct)
    {
        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var pageQuery = query.Append(("limit", Math.Min(limit, _settings.PageSize).ToString(CultureInfo.InvariantCulture))).Append(("cursor", cursor)).ToList();
            using var doc = await _transport.SendAsync(
                new KalshiCall(operation, HttpMethod.Get, path + Query(pageQuery), null, KalshiBucket.Read, KalshiRateLimiter.DefaultCost, SafeToRetry: true), ct)
                .ConfigureAwait(false);
            var root = doc.RootElement;
            Map(operation, () =>
            {
                if (root.TryGetProperty(arrayField, out var array) && array.ValueKind == JsonValueKind.Array)
                    items.AddRange(array.EnumerateArray().Select(map));
                else if (!root.TryGetProperty(arrayField, out var absent) || absent.ValueKind != JsonValueKind.Null)
                    throw new KalshiFormatException(arrayField, "is missing");
                return 0;
            });
            cursor = KalshiWire.TextOrNull(root, "cursor");
            if (!string.IsNullOrEmpty(cursor) && !seen.Add(cursor))
                throw new ExchangeMalformedResponseException(Platform, operation, "cursor", "repeats a cursor already walked");
        } while (!string.IsNullOrEmpty(cursor));
        return items;
    }

    private T Map<T>(string operation, Func<T> map)
    {
        try
        {
            return map();
        }
        catch (KalshiFormatException e)
        {
            throw new ExchangeMalformedResponseException(Platform, operation, e.Field, e.Message);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new ExchangeMalformedResponseException(Platform, operation, "body", e.Message);
        }
    }

    internal static string Query(IEnumerable<(string Key, string? Value)> parameters)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in parameters)
        {
            if (string.IsNullOrEmpty(value)) continue;
            sb.Append(sb.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }
        return sb.ToString();
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    public void Dispose()
    {
        _ownedHttp?.Dispose();
        _ownedSigner?.Dispose();
    }
}
