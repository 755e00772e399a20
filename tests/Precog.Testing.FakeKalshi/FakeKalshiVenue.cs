using System.Globalization;
using System.Text.Json.Nodes;
using Precog.Domain.Fees;
using Precog.Domain.Values;

namespace Precog.Testing.FakeKalshi;

/// <summary>
/// The fake's exchange state, all in YES terms as Kalshi V2 keeps it: markets with bids of each side, the account's
/// orders, fills, signed positions (positive = YES) and cash. Matching: a bid at YES price y takes NO bids q ≥ 1 − y
/// (at YES 1 − q), an ask at y takes YES bids ≥ y, best first, one taker fill per level; a GTC's rest rests and is hit
/// (as maker, at its own price) when <see cref="SetBook"/> brings crossing bids; an IOC's rest is canceled; a FOK
/// trades only whole. Buying YES while holding NO (or the reverse) pairs contracts off at $1 each. Not thread-safe:
/// the server calls it under its lock.
/// </summary>
internal sealed class FakeKalshiVenue(decimal startingBalance, KalshiFeeModel fees, TimeProvider time)
{
    public readonly Dictionary<string, FakeMarket> Markets = new(StringComparer.Ordinal);
    public readonly Dictionary<string, (string FeeType, decimal Multiplier)> Series = new(StringComparer.Ordinal);
    public readonly List<FakeOrder> Orders = [];
    public readonly Dictionary<string, FakeOrder> ByClientOrderId = new(StringComparer.Ordinal);
    public readonly List<JsonObject> Fills = [];
    public readonly Dictionary<string, FakePosition> Positions = new(StringComparer.Ordinal);
    public readonly List<JsonObject> Settlements = [];
    public decimal Balance = startingBalance;
    private long _orderNumber;
    private long _tradeNumber;

    public FakeOrder Accept(string? clientOrderId, string ticker, string bookSide, decimal yesPrice, int count, string tif, string? legacySide, string? legacyAction)
    {
        var now = time.GetUtcNow();
        var order = new FakeOrder($"fake-{++_orderNumber:D6}-{Guid.NewGuid():N}"[..24], clientOrderId, ticker, bookSide, yesPrice, count, tif, now, legacySide, legacyAction);
        Orders.Add(order);
        if (clientOrderId is not null) ByClientOrderId[clientOrderId] = order;
        var market = Markets[ticker];
        var crossing = Crossing(market, bookSide, yesPrice);
        if (tif == "fill_or_kill" && crossing.Sum(l => l.Size) < count)
        {
            order.End("canceled", now);
            return order;
        }
        foreach (var (levels, bid, size) in crossing)
        {
            if (order.Remaining == 0) break;
            var take = Math.Min(size, order.Remaining);
            Take(levels, bid, take);
            var fillYes = bookSide == "bid" ? 1m - bid : bid;
            Fill(market, order, take, fillYes, taker: true, now);
        }
        if (order.Remaining == 0) order.End("executed", now);
        else if (tif != "good_till_canceled") order.End("canceled", now);
        return order;
    }

    /// <summary>Replaces a market's bids, then lets resting orders, oldest first, take what now crosses them at their own price.</summary>
    public void SetBook(FakeMarket market, IEnumerable<(decimal Price, int Size)> yesBids, IEnumerable<(decimal Price, int Size)> noBids)
    {
        market.YesBids.Clear();
        market.NoBids.Clear();
        foreach (var (p, s) in yesBids) if (s > 0) market.YesBids[p] = s;
        foreach (var (p, s) in noBids) if (s > 0) market.NoBids[p] = s;
        var now = time.GetUtcNow();
        foreach (var order in Orders.Where(o => o.Ticker == market.Ticker && o.Status == "resting").ToList())
        {
            var taken = 0;
            foreach (var (levels, bid, size) in Crossing(market, order.BookSide, order.YesPrice))
            {
                var take = Math.Min(size, order.Remaining - taken);
                if (take == 0) break;
                Take(levels, bid, take);
                taken += take;
            }
            if (taken == 0) continue;
            Fill(market, order, taken, order.YesPrice, taker: false, now);
            if (order.Remaining == 0) order.End("executed", now);
        }
    }

    /// <summary>Levels that cross an order, best first: for a bid the NO bids q ≥ 1 − y, for an ask the YES bids ≥ y.</summary>
    private static List<(SortedDictionary<decimal, int> Levels, decimal Bid, int Size)> Crossing(FakeMarket market, string bookSide, decimal yesPrice)
    {
        var levels = bookSide == "bid" ? market.NoBids : market.YesBids;
        var floor = bookSide == "bid" ? 1m - yesPrice : yesPrice;
        return levels.Where(l => l.Key >= floor).OrderByDescending(l => l.Key).Select(l => (levels, l.Key, l.Value)).ToList();
    }

    private static void Take(SortedDictionary<decimal, int> levels, decimal bid, int size)
    {
        levels[bid] -= size;
        if (levels[bid] <= 0) levels.Remove(bid);
    }

    private void Fill(FakeMarket market, FakeOrder order, int count, decimal yesPrice, bool taker, DateTimeOffset now)
    {
        var multiplier = market.SeriesTicker is { } s && Series.TryGetValue(s, out var series) ? series.Multiplier : 1m;
        var model = new KalshiFeeModel(fees.Settings with { SeriesMultiplier = fees.Settings.SeriesMultiplier * multiplier });
        var fee = model.Fee(new Quantity(count), new Price(yesPrice), taker ? Liquidity.Taker : Liquidity.Maker).Value;
        var position = Positions.TryGetValue(order.Ticker, out var p) ? p : Positions[order.Ticker] = new FakePosition(order.Ticker);
        var paidPer = order.BookSide == "bid" ? yesPrice : 1m - yesPrice;
        var opposite = order.BookSide == "bid" ? Math.Max(-position.Count, 0) : Math.Max(position.Count, 0);
        var paired = Math.Min(count, opposite);
        Balance += -count * paidPer + paired - fee;
        position.Count += order.BookSide == "bid" ? count : -count;
        position.Fees += fee;
        position.Traded += count * paidPer;
        order.Record(count, count * paidPer, fee, taker, now);
        var outcome = order.BookSide == "bid" ? "yes" : "no";
        var fill = new JsonObject
        {
            ["trade_id"] = $"fake-trade-{++_tradeNumber:D6}",
            ["fill_id"] = $"fake-trade-{_tradeNumber:D6}",
            ["order_id"] = order.OrderId,
            ["ticker"] = order.Ticker,
            ["market_ticker"] = order.Ticker,
            ["outcome_side"] = outcome,
            ["book_side"] = order.BookSide,
            ["count_fp"] = Fp(count),
            ["yes_price_dollars"] = Dollars(yesPrice),
            ["no_price_dollars"] = Dollars(1m - yesPrice),
            ["is_taker"] = taker,
            ["fee_cost"] = Dollars(fee),
            ["created_time"] = Rfc3339(now),
            ["ts"] = now.ToUnixTimeSeconds(),
        };
        if (order.LegacySide is not null)
        {
            fill["side"] = order.LegacySide;
            fill["action"] = order.LegacyAction;
        }
        Fills.Add(fill);
    }

    /// <summary>Pays the market's holding out at <paramref name="yesPayout"/> a YES contract (1 − it a NO), clears it and records the settlement.</summary>
    public void Settle(FakeMarket market, decimal yesPayout)
    {
        if (!Positions.TryGetValue(market.Ticker, out var p) || p.Count == 0) return;
        var (yes, no) = (Math.Max(p.Count, 0), Math.Max(-p.Count, 0));
        var revenue = yes * yesPayout + no * (1m - yesPayout);
        Balance += revenue;
        Settlements.Add(new JsonObject
        {
            ["ticker"] = market.Ticker,
            ["market_result"] = market.Result,
            ["yes_count"] = yes,
            ["no_count"] = no,
            ["yes_total_cost"] = 0,
            ["no_total_cost"] = 0,
            ["revenue"] = (long)decimal.Round(revenue * 100m),
            ["settled_time"] = Rfc3339(time.GetUtcNow()),
            ["fee_cost"] = Dollars(0m),
            ["value"] = (long)decimal.Round(yesPayout * 100m),
        });
        Positions.Remove(market.Ticker);
    }

    public static string Dollars(decimal v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
    public static string Fp(decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
    public static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>A market of the fake: its listing (a recorded object, or one it made), status and bids of each side.</summary>
internal sealed class FakeMarket(string ticker, string eventTicker, string? seriesTicker, string title, JsonObject? recorded)
{
    public string Ticker { get; } = ticker;
    public string EventTicker { get; } = eventTicker;
    public string? SeriesTicker { get; } = seriesTicker;
    public string Title { get; } = title;
    public string Status { get; set; } = "active";
    public string Result { get; set; } = "";
    public decimal? SettlementValue { get; set; }
    public SortedDictionary<decimal, int> YesBids { get; } = new();
    public SortedDictionary<decimal, int> NoBids { get; } = new();

    public JsonObject ToJson()
    {
        var json = recorded?.DeepClone().AsObject() ?? new JsonObject
        {
            ["ticker"] = Ticker,
            ["event_ticker"] = EventTicker,
            ["market_type"] = "binary",
            ["title"] = Title,
            ["price_level_structure"] = "linear_cent",
            ["price_ranges"] = new JsonArray(new JsonObject { ["start"] = "0.0000", ["end"] = "1.0000", ["step"] = "0.0100" }),
            ["notional_value_dollars"] = "1.0000",
        };
        if (SeriesTicker is not null) json["series_ticker"] = SeriesTicker;
        json["status"] = Status;
        json["result"] = Result;
        var bestYes = YesBids.Count == 0 ? 0m : YesBids.Keys.Max();
        var bestNo = NoBids.Count == 0 ? 0m : NoBids.Keys.Max();
        json["yes_bid_dollars"] = FakeKalshiVenue.Dollars(bestYes);
        json["yes_ask_dollars"] = FakeKalshiVenue.Dollars(1m - bestNo);
        json["no_bid_dollars"] = FakeKalshiVenue.Dollars(bestNo);
        json["no_ask_dollars"] = FakeKalshiVenue.Dollars(1m - bestYes);
        return json;
    }
}

/// <summary>One of the account's orders in YES terms; legacy orders keep the side and action they were sent with.</summary>
internal sealed class FakeOrder(
    string orderId, string? clientOrderId, string ticker, string bookSide, decimal yesPrice, int initial, string tif, DateTimeOffset created,
    string? legacySide, string? legacyAction)
{
    public string OrderId { get; } = orderId;
    public string? ClientOrderId { get; } = clientOrderId;
    public string Ticker { get; } = ticker;
    public string BookSide { get; } = bookSide;
    public decimal YesPrice { get; } = yesPrice;
    public int Initial { get; } = initial;
    public string TimeInForce { get; } = tif;
    public string? LegacySide { get; } = legacySide;
    public string? LegacyAction { get; } = legacyAction;
    public int Filled { get; private set; }
    public int Remaining => Status == "resting" ? Initial - Filled : 0;
    public string Status { get; private set; } = "resting";
    public decimal TakerCost { get; private set; }
    public decimal MakerCost { get; private set; }
    public decimal TakerFees { get; private set; }
    public decimal MakerFees { get; private set; }
    public DateTimeOffset Updated { get; private set; } = created;

    public void Record(int count, decimal cost, decimal fee, bool taker, DateTimeOffset at)
    {
        Filled += count;
        if (taker) { TakerCost += cost; TakerFees += fee; }
        else { MakerCost += cost; MakerFees += fee; }
        Updated = at;
    }

    public void End(string status, DateTimeOffset at)
    {
        Status = status;
        Updated = at;
    }

    /// <summary>The order object of GET /portfolio/orders: V2 fields, and side/action only for orders sent to the legacy route.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["order_id"] = OrderId,
            ["user_id"] = "00000000-0000-0000-0000-000000000000",
            ["client_order_id"] = ClientOrderId ?? "",
            ["ticker"] = Ticker,
            ["outcome_side"] = BookSide == "bid" ? "yes" : "no",
            ["book_side"] = BookSide,
            ["type"] = "limit",
            ["status"] = Status,
            ["yes_price_dollars"] = FakeKalshiVenue.Dollars(YesPrice),
            ["no_price_dollars"] = FakeKalshiVenue.Dollars(1m - YesPrice),
            ["initial_count_fp"] = FakeKalshiVenue.Fp(Initial),
            ["fill_count_fp"] = FakeKalshiVenue.Fp(Filled),
            ["remaining_count_fp"] = FakeKalshiVenue.Fp(Remaining),
            ["taker_fill_cost_dollars"] = TakerCost == 0 ? "" : FakeKalshiVenue.Dollars(TakerCost),
            ["maker_fill_cost_dollars"] = MakerCost == 0 ? "" : FakeKalshiVenue.Dollars(MakerCost),
            ["taker_fees_dollars"] = FakeKalshiVenue.Dollars(TakerFees),
            ["maker_fees_dollars"] = FakeKalshiVenue.Dollars(MakerFees),
            ["time_in_force"] = TimeInForce,
            ["created_time"] = FakeKalshiVenue.Rfc3339(CreatedAt),
            ["last_update_time"] = FakeKalshiVenue.Rfc3339(Updated),
            ["expiration_time"] = null,
            ["self_trade_prevention_type"] = "taker_at_cross",
        };
        if (LegacySide is not null)
        {
            json["side"] = LegacySide;
            json["action"] = LegacyAction;
        }
        return json;
    }

    public DateTimeOffset CreatedAt { get; } = created;
}

/// <summary>The account's holding in one market: signed YES count, what it paid and its fees.</summary>
internal sealed class FakePosition(string ticker)
{
    public string Ticker { get; } = ticker;
    public int Count { get; set; }
    public decimal Traded { get; set; }
    public decimal Fees { get; set; }
}
