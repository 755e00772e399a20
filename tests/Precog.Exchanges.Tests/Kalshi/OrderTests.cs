using System.Net;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Kalshi;
using Precog.Testing.FakeKalshi;
using static Precog.Exchanges.Tests.Kalshi.KalshiRig;

namespace Precog.Exchanges.Tests.Kalshi;

public class OrderTests
{
    [Fact]
    public async Task Buying_no_goes_out_as_a_yes_ask_at_the_complement_and_reads_back_in_no_terms()
    {
        // Given YES bids at 0.62 (so NO costs 0.38 to buy)
        await using var rig = await StartAsync();
        rig.Market([(0.62m, 50)], [(0.30m, 50)]);
        var order = Order(Side.No, OrderAction.Buy, 10, 0.40m, TimeInForce.ImmediateOrCancel);

        // When 10 NO are bought at up to 0.40
        var placed = await rig.Exchange.PlaceOrderAsync(order, CancellationToken.None);

        // Then the wire said ask at YES 0.6000, and the answer is in NO terms: 10 filled, executed
        var sent = Assert.Single(rig.Fake.OrderLog);
        Assert.Equal(("v2", "ask", "0.6000", "10.00", "immediate_or_cancel", order.ClientOrderId.ToString()),
            (sent.Endpoint, sent.Side, sent.Price, sent.Count, sent.TimeInForce, sent.ClientOrderId));
        Assert.Equal((Side.No, OrderAction.Buy, 0.40m, 10, OrderStatus.Executed), (placed.Side, placed.Action, placed.LimitPrice.Value, placed.Filled.Value, placed.Status));
        Assert.Equal(-10, rig.Fake.PositionOf(Ticker));

        // and the fill reads back as NO at 0.38 (the book's price, better than the limit), with Kalshi's taker fee
        var fill = Assert.Single(await rig.Exchange.GetFillsAsync(placed.OrderId, null, CancellationToken.None));
        Assert.Equal((Side.No, OrderAction.Buy, 10, 0.3800m), (fill.Side, fill.Action, fill.Quantity.Value, fill.Price.Value));
        Assert.Equal(0.17m, fill.Fee.Value); // ceil_cent(0.07 × 10 × 0.38 × 0.62 = 0.16492)
        var position = Assert.Single(await rig.Exchange.GetPositionsAsync(CancellationToken.None));
        Assert.Equal((Side.No, 10), (position.Side, position.Quantity.Value));
        Assert.Equal(10_000m - 3.80m - 0.17m, (await rig.Exchange.GetBalanceAsync(CancellationToken.None)).Value);
    }

    [Fact]
    public async Task An_ioc_fills_what_the_book_holds_and_its_rest_is_canceled()
    {
        await using var rig = await StartAsync();
        rig.Market([], [(0.50m, 6), (0.48m, 100)]);

        var placed = await rig.Exchange.PlaceOrderAsync(Order(Side.Yes, OrderAction.Buy, 10, 0.50m, TimeInForce.ImmediateOrCancel), CancellationToken.None);

        Assert.Equal((6, 0, OrderStatus.Canceled), (placed.Filled.Value, placed.Remaining.Value, placed.Status));
        var listed = Assert.Single(await rig.Exchange.GetOrdersAsync(null, CancellationToken.None));
        Assert.Equal((placed.OrderId, OrderStatus.Canceled, 6, Side.Yes, OrderAction.Buy), (listed.OrderId, listed.Status, listed.Filled.Value, listed.Side, listed.Action));
        Assert.Equal(10_000m - 3.00m - 0.11m, rig.Fake.Balance); // ceil_cent(0.07 × 6 × 0.25 = 0.105)
    }

    [Fact]
    public async Task A_gtc_rests_partly_filled_then_fills_as_maker_and_a_cancel_of_the_executed_order_answers_its_state()
    {
        await using var rig = await StartAsync();
        rig.Market([], [(0.55m, 4)]);

        var placed = await rig.Exchange.PlaceOrderAsync(Order(Side.Yes, OrderAction.Buy, 10, 0.45m), CancellationToken.None);
        Assert.Equal((4, 6, OrderStatus.Resting), (placed.Filled.Value, placed.Remaining.Value, placed.Status));

        rig.Fake.SetBook(Ticker, [], [(0.56m, 20)]);
        var fills = await rig.Exchange.GetFillsAsync(placed.OrderId, null, CancellationToken.None);
        Assert.Equal([(true, 4, 0.4500m), (false, 6, 0.4500m)], fills.Select(f => (f.IsTaker, f.Quantity.Value, f.Price.Value)));
        Assert.Equal(0.03m, fills[1].Fee.Value); // maker: ceil_cent(0.0175 × 6 × 0.45 × 0.55 = 0.02599)

        var after = await rig.Exchange.CancelOrderAsync(placed.OrderId, new MarketTicker(Ticker), CancellationToken.None);
        Assert.Equal((OrderStatus.Executed, 10), (after.Status, after.Filled.Value));
    }

    [Fact]
    public async Task A_resting_order_is_canceled_and_read_back_canceled()
    {
        await using var rig = await StartAsync();
        rig.Market([], []);
        var placed = await rig.Exchange.PlaceOrderAsync(Order(Side.Yes, OrderAction.Sell, 5, 0.70m), CancellationToken.None);

        var canceled = await rig.Exchange.CancelOrderAsync(placed.OrderId, new MarketTicker(Ticker), CancellationToken.None);

        Assert.Equal((OrderStatus.Canceled, 0, Side.Yes, OrderAction.Sell), (canceled.Status, canceled.Remaining.Value, canceled.Side, canceled.Action));
        Assert.Contains(rig.Fake.Requests, r => r.Method == "DELETE" && r.Path == $"/portfolio/events/orders/{placed.OrderId}" && r.Query.Contains(Ticker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Where_the_v2_routes_are_missing_orders_fall_back_to_the_legacy_endpoints()
    {
        // (Advanced tier: the V2 attempt and a legacy create, 10 + 100 tokens, fit its write bucket at once)
        await using var rig = await StartAsync(s => s with { Tier = KalshiTier.Advanced }, f => f with { V2Orders = false });
        rig.Market([], [(0.40m, 3)]);
        var order = Order(Side.Yes, OrderAction.Buy, 5, 0.60m);

        var placed = await rig.Exchange.PlaceOrderAsync(order, CancellationToken.None);

        Assert.True(rig.Exchange.UsesLegacyOrders);
        var log = rig.Fake.OrderLog;
        Assert.Equal(["legacy"], log.Select(e => e.Endpoint)); // the V2 attempt found no route, so it is no order
        Assert.Equal(("yes", "buy", "0.6000"), (log[0].Side, log[0].Action, log[0].Price));
        Assert.Equal((3, 2, OrderStatus.Resting), (placed.Filled.Value, placed.Remaining.Value, placed.Status));
        var canceled = await rig.Exchange.CancelOrderAsync(placed.OrderId, new MarketTicker(Ticker), CancellationToken.None);
        Assert.Equal(OrderStatus.Canceled, canceled.Status);
    }

    [Fact]
    public async Task A_create_that_failed_before_taking_effect_is_retried_into_exactly_one_order()
    {
        await using var rig = await StartAsync(s => s with { MaxAttempts = 3 });
        rig.Market([], [(0.45m, 100)]);
        rig.Fake.FailNext(2, HttpStatusCode.ServiceUnavailable);
        var order = Order(Side.Yes, OrderAction.Buy, 10, 0.55m, TimeInForce.ImmediateOrCancel);

        var placed = await rig.Exchange.PlaceOrderAsync(order, CancellationToken.None);

        Assert.Equal(OrderStatus.Executed, placed.Status);
        Assert.Equal([FakeOrderOutcome.ServerError, FakeOrderOutcome.ServerError, FakeOrderOutcome.Placed], rig.Fake.OrderLog.Select(e => e.Outcome));
        Assert.All(rig.Fake.OrderLog, e => Assert.Equal(order.ClientOrderId.ToString(), e.ClientOrderId));
        Assert.Equal(1, rig.Fake.OrderCount);
        Assert.Equal(10, rig.Fake.PositionOf(Ticker));
    }

    [Fact]
    public async Task A_create_accepted_then_answered_500_is_retried_refused_as_a_duplicate_and_found_never_doubled()
    {
        await using var rig = await StartAsync(s => s with { MaxAttempts = 3 });
        rig.Market([], [(0.45m, 100)]);
        rig.Fake.AfterNextAccept(AfterAccept.ServerError);
        var order = Order(Side.Yes, OrderAction.Buy, 10, 0.55m, TimeInForce.ImmediateOrCancel);

        var placed = await rig.Exchange.PlaceOrderAsync(order, CancellationToken.None);

        Assert.Equal([FakeOrderOutcome.PlacedThenServerError, FakeOrderOutcome.Duplicate], rig.Fake.OrderLog.Select(e => e.Outcome));
        Assert.Equal(rig.Fake.OrderLog[0].OrderId, placed.OrderId);
        Assert.Equal((order.ClientOrderId, OrderStatus.Executed, 10, Side.Yes, OrderAction.Buy), (placed.ClientOrderId, placed.Status, placed.Filled.Value, placed.Side, placed.Action));
        Assert.Equal(1, rig.Fake.OrderCount);
        Assert.Equal(10, rig.Fake.PositionOf(Ticker)); // bought once, not twice
    }

    [Fact]
    public async Task A_create_accepted_whose_answer_never_comes_is_resolved_by_its_client_order_id()
    {
        // Given one attempt only, so nothing but the lookup can resolve it
        await using var rig = await StartAsync(s => s with { MaxAttempts = 1, CallTimeout = TimeSpan.FromSeconds(5) });
        rig.Market([], [(0.40m, 100)]);
        rig.Fake.AfterNextAccept(AfterAccept.Hang);
        var order = Order(Side.No, OrderAction.Buy, 7, 0.45m);

        // When the order is placed and its answer never comes within the call's 5 s
        var placing = rig.Exchange.PlaceOrderAsync(order, CancellationToken.None);
        await rig.Fake.OrderLogReaches(1);
        Assert.False(placing.IsCompleted);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        var placed = await placing;

        // Then the client asked for its market's orders, found it by client order id, and sent it once
        Assert.Equal(FakeOrderOutcome.PlacedThenHung, Assert.Single(rig.Fake.OrderLog).Outcome);
        Assert.Contains(rig.Fake.Requests, r => r.Method == "GET" && r.Path == "/portfolio/orders" && r.Query.Contains($"ticker={Ticker}", StringComparison.Ordinal));
        Assert.Equal((rig.Fake.OrderLog[0].OrderId, order.ClientOrderId), (placed.OrderId, placed.ClientOrderId));
        Assert.Equal((Side.No, OrderAction.Buy, 0.45m, OrderStatus.Resting), (placed.Side, placed.Action, placed.LimitPrice.Value, placed.Status));
    }

    [Fact]
    public async Task A_timeout_on_an_order_the_venue_never_got_stays_unknown()
    {
        // Given a venue that holds every answer, and a create it refuses before accepting (no market)
        await using var rig = await StartAsync(s => s with { MaxAttempts = 1, CallTimeout = TimeSpan.FromSeconds(5) });
        rig.Market([], []);
        rig.Fake.Faults = new FakeKalshiFaults(Latency: TimeSpan.FromSeconds(30));
        var order = Order(Side.Yes, OrderAction.Buy, 1, 0.10m, ticker: "KXNFLGAME-NOSUCH-X");

        var placing = rig.Exchange.PlaceOrderAsync(order, CancellationToken.None);
        await rig.Fake.OrderLogReaches(1);
        rig.Fake.Faults = FakeKalshiFaults.None;
        rig.Clock.Advance(TimeSpan.FromSeconds(5));

        // Then the lookup finds nothing and the caller hears the timeout: the outcome is unknown, never invented
        var timeout = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => placing);
        Assert.Equal(TimeSpan.FromSeconds(5), timeout.After);
    }

    [Fact]
    public async Task The_write_bucket_paces_creates_at_the_tiers_budget()
    {
        // Given the Basic tier: 100 write tokens a second, a V2 create costs 10
        await using var rig = await StartAsync();
        rig.Market([], []);
        for (var i = 0; i < 10; i++)
            await rig.Exchange.PlaceOrderAsync(Order(Side.Yes, OrderAction.Buy, 1, 0.01m), CancellationToken.None);

        // When an eleventh comes within the same second, it waits for a tenth of a second of refill
        var eleventh = rig.Exchange.PlaceOrderAsync(Order(Side.Yes, OrderAction.Buy, 1, 0.01m), CancellationToken.None);
        Assert.False(eleventh.IsCompleted);
        Assert.Equal(10, rig.Fake.OrderLog.Count);
        var waited = await rig.AdvanceUntil(() => rig.Fake.OrderLog.Count == 11, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1));
        await eleventh;

        Assert.InRange(waited, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(120));
    }
}
