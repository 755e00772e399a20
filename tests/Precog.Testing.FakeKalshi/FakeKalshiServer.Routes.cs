using System.Globalization;
using System.Text.Json.Nodes;

namespace Precog.Testing.FakeKalshi;

/// <summary>The fake's own exchange: the scenario's controls and the routes that read and trade it.</summary>
public sealed partial class FakeKalshiServer
{
    /// <summary>Lists an active market with an empty book.</summary>
    public void ListMarket(string ticker, string eventTicker, string? seriesTicker = null, string? title = null)
    {
        lock (_gate) _venue.Markets.Add(ticker, new FakeMarket(ticker, eventTicker, seriesTicker, title ?? ticker, null));
    }

    /// <summary>Lists the markets of a recorded <c>GET /markets</c> fixture in their recorded shape (active, empty books).</summary>
    public IReadOnlyList<string> ListMarketsFromFixture(string fixtureFile)
    {
        var root = JsonNode.Parse(File.ReadAllText(fixtureFile))!;
        var tickers = new List<string>();
        foreach (var interaction in root["interactions"]!.AsArray())
        {
            if (interaction!["response"]!["body"]!["markets"] is not JsonArray markets) continue;
            // the recorded market objects name no series; the request that listed them does
            var uri = new Uri(interaction["request"]!["uri"]!.GetValue<string>());
            var series = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue("series_ticker", out var s) ? s.ToString() : null;
            lock (_gate)
                foreach (var market in markets.Select(m => m!.AsObject()))
                {
                    var ticker = market["ticker"]!.GetValue<string>();
                    _venue.Markets[ticker] = new FakeMarket(ticker, market["event_ticker"]!.GetValue<string>(), market["series_ticker"]?.GetValue<string>() ?? series,
                        market["title"]?.GetValue<string>() ?? ticker, market);
                    tickers.Add(ticker);
                }
        }
        return tickers;
    }

    /// <summary>Replaces a market's bids (prices in dollars, each side's own terms); resting orders that now cross are filled as makers.</summary>
    public void SetBook(string ticker, IEnumerable<(decimal Price, int Size)> yesBids, IEnumerable<(decimal Price, int Size)> noBids)
    {
        lock (_gate)
        {
            _venue.SetBook(_venue.Markets[ticker], yesBids, noBids);
            PublishChanges();
        }
    }

    /// <summary>Sets a market's status (active, closed, determined, finalized ...) and result; closing cancels its resting orders.</summary>
    public void SetMarketStatus(string ticker, string status, string result = "")
    {
        lock (_gate)
        {
            var market = _venue.Markets[ticker];
            market.Status = status;
            market.Result = result;
            if (status != "active")
                foreach (var order in _venue.Orders.Where(o => o.Ticker == ticker && o.Status == "resting"))
                    order.End("canceled", _time.GetUtcNow());
            PublishLifecycle(market);
            PublishChanges();
        }
    }

    /// <summary>
    /// Settles a market as Kalshi does: determined (its resting orders canceled), then finalized, each with its lifecycle
    /// event; every holding pays <paramref name="yesPayout"/> a YES contract (the rest a NO) into the balance, is cleared,
    /// and is listed in <c>GET /portfolio/settlements</c>. A payout of 1 or 0 is result yes or no; another (0.5 on a
    /// tie) is sent as <c>settlement_value</c> with an empty result.
    /// </summary>
    public void SettleMarket(string ticker, decimal yesPayout)
    {
        if (yesPayout is < 0m or > 1m) throw new ArgumentOutOfRangeException(nameof(yesPayout), yesPayout, "a YES payout lies in [0, 1]");
        var result = yesPayout == 1m ? "yes" : yesPayout == 0m ? "no" : "";
        lock (_gate)
        {
            var market = _venue.Markets[ticker];
            market.SettlementValue = yesPayout;
            SetMarketStatus(ticker, "determined", result);
            _venue.Settle(market, yesPayout);
            SetMarketStatus(ticker, "finalized", result);
        }
    }

    /// <summary>A series and its fee terms; its markets' fills are charged with its multiplier.</summary>
    public void SetSeries(string ticker, string feeType, decimal feeMultiplier)
    {
        lock (_gate) _venue.Series[ticker] = (feeType, feeMultiplier);
    }

    /// <summary>The account's cash in dollars now.</summary>
    public decimal Balance
    {
        get { lock (_gate) return _venue.Balance; }
    }

    /// <summary>The account's signed YES holding in a market (negative = NO held).</summary>
    public int PositionOf(string ticker)
    {
        lock (_gate) return _venue.Positions.TryGetValue(ticker, out var p) ? p.Count : 0;
    }

    /// <summary>Every fill of the account, oldest first.</summary>
    public IReadOnlyList<FakeFill> Fills
    {
        get
        {
            lock (_gate)
                return _venue.Fills.Select(f =>
                {
                    var order = _venue.Orders.First(o => o.OrderId == f["order_id"]!.GetValue<string>());
                    return new FakeFill(f["trade_id"]!.GetValue<string>(), order.OrderId, order.ClientOrderId, order.Ticker,
                        (int)decimal.Parse(f["count_fp"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                        DateTimeOffset.Parse(f["created_time"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                        f["book_side"]!.GetValue<string>(), decimal.Parse(f["yes_price_dollars"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                        decimal.Parse(f["fee_cost"]!.GetValue<string>(), CultureInfo.InvariantCulture));
                }).ToList();
        }
    }

    /// <summary>Orders the fake holds (not requests: a duplicate create adds none).</summary>
    public int OrderCount
    {
        get { lock (_gate) return _venue.Orders.Count; }
    }

    private Answer Route(string method, string path, IReadOnlyDictionary<string, string> query, JsonObject? createBody)
    {
        var parts = path.Trim('/').Split('/');
        return (method, parts) switch
        {
            ("GET", ["exchange", "status"]) => Ok(new JsonObject { ["exchange_active"] = true, ["trading_active"] = true, ["exchange_estimated_resume_time"] = null }),
            ("GET", ["markets"]) => Page("markets", FilterMarkets(query).Select(m => (JsonNode)m.ToJson()).ToList(), query),
            ("GET", ["markets", var t]) => _venue.Markets.TryGetValue(t, out var m) ? Ok(new JsonObject { ["market"] = m.ToJson() }) : NotFound("market_not_found", t),
            ("GET", ["markets", var t, "orderbook"]) => _venue.Markets.TryGetValue(t, out var m) ? Ok(Book(m)) : NotFound("market_not_found", t),
            ("GET", ["events"]) => Page("events", Events(query.GetValueOrDefault("with_nested_markets") == "true"), query),
            ("GET", ["events", var e]) => Event(e),
            ("GET", ["series", var s]) => _venue.Series.TryGetValue(s, out var series)
                ? Ok(new JsonObject { ["series"] = new JsonObject { ["ticker"] = s, ["title"] = s, ["category"] = "Sports", ["frequency"] = "custom", ["fee_type"] = series.FeeType, ["fee_multiplier"] = series.Multiplier } })
                : NotFound("series_not_found", s),
            ("GET", ["portfolio", "balance"]) => Ok(new JsonObject
            {
                ["balance"] = (long)decimal.Truncate(_venue.Balance * 100m), ["balance_dollars"] = FakeKalshiVenue.Dollars(_venue.Balance),
                ["portfolio_value"] = 0, ["updated_ts"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            }),
            ("GET", ["portfolio", "positions"]) => Positions(query),
            ("GET", ["portfolio", "orders"]) => Page("orders", _venue.Orders
                .Where(o => (!query.TryGetValue("ticker", out var t) || o.Ticker == t) && (!query.TryGetValue("status", out var st) || o.Status == st))
                .Select(o => (JsonNode)o.ToJson()).ToList(), query),
            ("GET", ["portfolio", "orders", var id]) => _venue.Orders.FirstOrDefault(o => o.OrderId == id) is { } o
                ? Ok(new JsonObject { ["order"] = o.ToJson() }) : NotFound("not_found", id),
            ("GET", ["portfolio", "fills"]) => Page("fills", _venue.Fills
                .Where(f => !query.TryGetValue("order_id", out var id) || f["order_id"]!.GetValue<string>() == id)
                .Where(f => !query.TryGetValue("min_ts", out var min) || f["ts"]!.GetValue<long>() >= long.Parse(min, CultureInfo.InvariantCulture))
                .Select(f => f.DeepClone()).ToList(), query),
            ("GET", ["portfolio", "settlements"]) => Page("settlements", _venue.Settlements.Select(x => x.DeepClone()).ToList(), query),
            ("POST", ["portfolio", "events", "orders"]) when _options.V2Orders => Create(createBody, legacy: false),
            ("POST", ["portfolio", "orders"]) => Create(createBody, legacy: true),
            ("DELETE", ["portfolio", "events", "orders", var id]) when _options.V2Orders => Cancel(id, legacy: false),
            ("DELETE", ["portfolio", "orders", var id]) => Cancel(id, legacy: true),
            _ => new Answer(404, ""), // an unknown route: no Kalshi error body
        };
    }

    private IEnumerable<FakeMarket> FilterMarkets(IReadOnlyDictionary<string, string> q) => _venue.Markets.Values.Where(m =>
        (!q.TryGetValue("series_ticker", out var s) || m.SeriesTicker == s)
        && (!q.TryGetValue("event_ticker", out var e) || m.EventTicker == e)
        && (!q.TryGetValue("tickers", out var t) || t.Split(',').Contains(m.Ticker))
        && (!q.TryGetValue("status", out var st) || StatusFilter(st, m.Status)));

    private static bool StatusFilter(string filter, string status) => filter switch
    {
        "open" => status == "active",
        "unopened" => status == "initialized",
        "paused" => status == "inactive",
        "closed" => status is "closed" or "determined" or "disputed" or "amended",
        "settled" => status == "finalized",
        _ => false,
    };

    private static JsonObject Book(FakeMarket m) => new()
    {
        ["orderbook_fp"] = new JsonObject
        {
            ["yes_dollars"] = Levels(m.YesBids),
            ["no_dollars"] = Levels(m.NoBids),
        },
    };

    private static JsonArray Levels(SortedDictionary<decimal, int> levels) =>
        new(levels.Select(l => (JsonNode)new JsonArray(FakeKalshiVenue.Dollars(l.Key), FakeKalshiVenue.Fp(l.Value))).ToArray());

    private List<JsonNode> Events(bool nested) => _venue.Markets.Values.GroupBy(m => m.EventTicker).Select(g =>
    {
        var e = EventJson(g.Key, g.First().SeriesTicker);
        if (nested) e["markets"] = new JsonArray(g.Select(m => (JsonNode)m.ToJson()).ToArray());
        return (JsonNode)e;
    }).ToList();

    private static JsonObject EventJson(string eventTicker, string? series) => new()
    {
        ["event_ticker"] = eventTicker, ["series_ticker"] = series ?? "", ["title"] = eventTicker, ["sub_title"] = "", ["mutually_exclusive"] = true,
    };

    private Answer Event(string eventTicker)
    {
        var markets = _venue.Markets.Values.Where(m => m.EventTicker == eventTicker).ToList();
        return markets.Count == 0
            ? NotFound("event_not_found", eventTicker)
            : Ok(new JsonObject { ["event"] = EventJson(eventTicker, markets[0].SeriesTicker), ["markets"] = new JsonArray(markets.Select(m => (JsonNode)m.ToJson()).ToArray()) });
    }

    private Answer Positions(IReadOnlyDictionary<string, string> query)
    {
        var rows = _venue.Positions.Values.Where(p => p.Count != 0 || query.GetValueOrDefault("count_filter") != "position").Select(p => (JsonNode)new JsonObject
        {
            ["ticker"] = p.Ticker,
            ["position_fp"] = FakeKalshiVenue.Fp(p.Count),
            ["market_exposure_dollars"] = FakeKalshiVenue.Dollars(p.Traded),
            ["total_traded_dollars"] = FakeKalshiVenue.Dollars(p.Traded),
            ["realized_pnl_dollars"] = "0.0000",
            ["fees_paid_dollars"] = FakeKalshiVenue.Dollars(p.Fees),
            ["last_updated_ts"] = FakeKalshiVenue.Rfc3339(_time.GetUtcNow()),
        }).ToList();
        var answer = Page("market_positions", rows, query);
        var json = JsonNode.Parse(answer.Body)!.AsObject();
        json["event_positions"] = new JsonArray();
        return answer with { Body = json.ToJsonString() };
    }

    /// <summary>A page of a list: <c>limit</c> items from the opaque cursor on, and the next cursor ("" on the last page).</summary>
    private static Answer Page(string field, IReadOnlyList<JsonNode> all, IReadOnlyDictionary<string, string> query)
    {
        var limit = query.TryGetValue("limit", out var l) && int.TryParse(l, out var n) && n > 0 ? n : 100;
        var offset = 0;
        if (query.TryGetValue("cursor", out var cursor) && cursor.Length > 0)
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            offset = int.Parse(text["offset:".Length..], CultureInfo.InvariantCulture);
        }
        var items = all.Skip(offset).Take(limit).Select(i => i.DeepClone()).ToArray();
        var next = offset + limit < all.Count ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"offset:{offset + limit}")) : "";
        return Ok(new JsonObject { [field] = new JsonArray(items), ["cursor"] = next });
    }

    private Answer Cancel(string orderId, bool legacy)
    {
        var order = _venue.Orders.FirstOrDefault(o => o.OrderId == orderId);
        if (order is null) return NotFound("not_found", orderId);
        if (_venue.Markets[order.Ticker].Status != "active") return new Answer(400, Error("MARKET_INACTIVE", $"market {order.Ticker} is not active"));
        if (order.Status != "resting") return NotFound("not_found", $"order {orderId} is not resting");
        var reducedBy = order.Remaining;
        order.End("canceled", _time.GetUtcNow());
        return legacy
            ? Ok(new JsonObject { ["order"] = order.ToJson(), ["reduced_by"] = reducedBy })
            : Ok(new JsonObject { ["order_id"] = order.OrderId, ["client_order_id"] = order.ClientOrderId ?? "", ["reduced_by"] = FakeKalshiVenue.Fp(reducedBy), ["ts_ms"] = _time.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    private static Answer Ok(JsonObject body) => new(200, body.ToJsonString());

    private static Answer NotFound(string code, string what) => new(404, Error(code, $"{what} not found"));
}
