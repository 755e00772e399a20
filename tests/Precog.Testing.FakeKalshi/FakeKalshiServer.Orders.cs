using System.Globalization;
using System.Text.Json.Nodes;

namespace Precog.Testing.FakeKalshi;

/// <summary>Order creation on either route, validated as Kalshi does, idempotent by client order id.</summary>
public sealed partial class FakeKalshiServer
{
    private Answer Create(JsonObject? body, bool legacy)
    {
        var path = legacy ? "/portfolio/orders" : "/portfolio/events/orders";
        Answer Refuse(int status, string code, string message, FakeOrderOutcome outcome = FakeOrderOutcome.Rejected)
        {
            LogCreate(path, body, outcome, null, $"{code}: {message}");
            return new Answer(status, Error(code, message));
        }

        if (body is null) return Refuse(400, "invalid_parameters", "the body is not a JSON object");
        var ticker = Text(body, "ticker");
        var clientOrderId = Text(body, "client_order_id");
        if (ticker is null || !_venue.Markets.TryGetValue(ticker, out var market)) return Refuse(404, "market_not_found", $"market '{ticker}' not found");
        if (clientOrderId is not null && _venue.ByClientOrderId.TryGetValue(clientOrderId, out var existing))
        {
            LogCreate(path, body, FakeOrderOutcome.Duplicate, existing.OrderId, "order_already_exists");
            return new Answer(409, Error("order_already_exists", $"an order with client_order_id {clientOrderId} already exists", existing.OrderId));
        }
        if (market.Status != "active") return Refuse(400, "MARKET_INACTIVE", $"market {ticker} is {market.Status}");

        string? bookSide;
        decimal? yesPrice;
        decimal? count;
        string? legacySide = null, legacyAction = null;
        if (legacy)
        {
            legacySide = Text(body, "side");
            legacyAction = Text(body, "action");
            count = Number(body, "count_fp") ?? Number(body, "count");
            var yes = Number(body, "yes_price_dollars") ?? Number(body, "yes_price") / 100m;
            var no = Number(body, "no_price_dollars") ?? Number(body, "no_price") / 100m;
            yesPrice = yes ?? (1m - no);
            bookSide = (legacySide, legacyAction) switch
            {
                ("yes", "buy") or ("no", "sell") => "bid",
                ("yes", "sell") or ("no", "buy") => "ask",
                _ => null,
            };
        }
        else
        {
            bookSide = Text(body, "side") is "bid" or "ask" ? Text(body, "side") : null;
            count = Number(body, "count");
            yesPrice = Number(body, "price");
        }
        var tif = Text(body, "time_in_force") ?? "good_till_canceled";
        if (bookSide is null) return Refuse(400, "invalid_parameters", "side (and action) must say bid or ask, buy or sell");
        if (count is not { } c || c <= 0 || decimal.Truncate(c) != c) return Refuse(400, "invalid_order_size", $"count {count} must be a whole number of contracts, at least 1");
        if (yesPrice is not { } p || p < 0.01m || p > 0.99m || decimal.Round(p, 2) != p) return Refuse(400, "invalid_order", $"price {yesPrice} is not a whole cent in [0.01, 0.99]");
        if (tif is not ("good_till_canceled" or "immediate_or_cancel" or "fill_or_kill")) return Refuse(400, "invalid_parameters", $"time_in_force '{tif}'");
        var cost = c * (bookSide == "bid" ? p : 1m - p);
        if (cost > _venue.Balance) return Refuse(400, "available_balance_too_low", $"the order needs {cost}, the balance is {_venue.Balance}");

        var order = _venue.Accept(clientOrderId, ticker, bookSide, p, (int)c, tif, legacySide, legacyAction);
        LogCreate(path, body, FakeOrderOutcome.Placed, order.OrderId, null);
        if (legacy) return new Answer(201, new JsonObject { ["order"] = order.ToJson() }.ToJsonString(), AcceptedOrderId: order.OrderId);
        var answer = new JsonObject
        {
            ["order_id"] = order.OrderId,
            ["client_order_id"] = order.ClientOrderId ?? "",
            ["fill_count"] = FakeKalshiVenue.Fp(order.Filled),
            ["remaining_count"] = FakeKalshiVenue.Fp(order.Remaining),
            ["ts_ms"] = order.Updated.ToUnixTimeMilliseconds(),
        };
        if (order.Filled > 0)
        {
            answer["average_fill_price"] = FakeKalshiVenue.Dollars(decimal.Round((order.TakerCost + order.MakerCost) / order.Filled, 4));
            answer["average_fee_paid"] = FakeKalshiVenue.Dollars(decimal.Round((order.TakerFees + order.MakerFees) / order.Filled, 4));
        }
        return new Answer(201, answer.ToJsonString(), AcceptedOrderId: order.OrderId);
    }

    private static string? Text(JsonObject body, string field) =>
        body[field] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static decimal? Number(JsonObject body, string field)
    {
        if (body[field] is not JsonValue v) return null;
        if (v.TryGetValue<string>(out var s))
            return decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : null;
        return v.TryGetValue<decimal>(out var n) ? n : null;
    }
}
