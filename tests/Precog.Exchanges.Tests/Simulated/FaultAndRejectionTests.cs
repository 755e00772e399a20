using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;
using static Precog.Exchanges.Tests.Simulated.SimulatedVenue;

namespace Precog.Exchanges.Tests.Simulated;

public class FaultAndRejectionTests
{
    [Fact]
    public async Task Timeout_after_accept_leaves_the_order_at_the_venue_where_GetOrder_finds_it()
    {
        // Given every order times out after it was accepted
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Faults: new FaultSettings(TimeoutAfterAcceptRate: 1, TimeoutAfter: TimeSpan.FromSeconds(5))));
        venue.SetBook([], [Level(0.45m, 100)]);
        var request = Order(Side.Yes, OrderAction.Buy, 10, 0.55m);

        // When the order is placed, the caller waits 5 s of venue time, then hears a timeout
        var placing = venue.Place(request);
        Assert.False(placing.IsCompleted);
        venue.Clock.Advance(TimeSpan.FromSeconds(5));
        var timeout = await Assert.ThrowsAsync<ExchangeTimeoutException>(() => placing);
        Assert.Equal(TimeSpan.FromSeconds(5), timeout.After);

        // Then the venue has the order and its fill, and a resend with the same id is the same order
        venue.Exchange.Faults = FaultSettings.None;
        var found = await venue.Exchange.GetOrderAsync(request.ClientOrderId, CancellationToken.None);
        Assert.Equal((OrderStatus.Executed, 10), (found!.Status, found.Filled.Value));
        var resent = await venue.Place(request);
        Assert.Equal(found.OrderId, resent.OrderId);
        Assert.Single(await venue.Fills());
        Assert.Equal(new[] { OrderLogOutcome.PlacedThenTimedOut, OrderLogOutcome.Duplicate }, venue.Exchange.OrderLog.Select(e => e.Outcome));
    }

    [Fact]
    public async Task Injected_errors_never_create_an_order()
    {
        // Given half the calls fail
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Seed: 7, Faults: new FaultSettings(ErrorRate: 0.5)));
        venue.SetBook([], [Level(0.45m, 1000)]);

        // When 40 orders are tried once each
        var requests = Enumerable.Range(0, 40).Select(_ => Order(Side.Yes, OrderAction.Buy, 1, 0.55m)).ToList();
        var placed = new List<ClientOrderId>();
        var failed = new List<ClientOrderId>();
        foreach (var request in requests)
        {
            try
            {
                await venue.Place(request);
                placed.Add(request.ClientOrderId);
            }
            catch (ExchangeUnavailableException)
            {
                failed.Add(request.ClientOrderId);
            }
        }

        // Then some failed, and exactly the ones that did not fail exist at the venue
        venue.Exchange.Faults = FaultSettings.None;
        Assert.NotEmpty(failed);
        Assert.NotEmpty(placed);
        foreach (var id in failed)
            Assert.Null(await venue.Exchange.GetOrderAsync(id, CancellationToken.None));
        var orders = await venue.Exchange.GetOrdersAsync(null, CancellationToken.None);
        Assert.Equal(placed.ToHashSet(), orders.Select(o => o.ClientOrderId).ToHashSet());
        Assert.Equal(placed.Count, (await venue.Fills()).Count);
        Assert.Equal(failed.Count, venue.Exchange.OrderLog.Count(e => e.Outcome == OrderLogOutcome.Unavailable));
    }

    [Fact]
    public async Task Rate_limited_call_says_when_to_retry_and_changes_nothing()
    {
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Faults: new FaultSettings(RateLimitRate: 1, RetryAfter: TimeSpan.FromSeconds(2))));
        venue.SetBook([], [Level(0.45m, 100)]);

        var limited = await Assert.ThrowsAsync<ExchangeRateLimitedException>(() => venue.Place(Order(Side.Yes, OrderAction.Buy, 1, 0.55m)));

        Assert.Equal(TimeSpan.FromSeconds(2), limited.RetryAfter);
        venue.Exchange.Faults = FaultSettings.None;
        Assert.Empty(await venue.Exchange.GetOrdersAsync(null, CancellationToken.None));
        Assert.Equal(OrderLogOutcome.RateLimited, Assert.Single(venue.Exchange.OrderLog).Outcome);
    }

    [Fact]
    public async Task Latency_is_waited_on_the_injected_clock()
    {
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Faults: new FaultSettings(Latency: TimeSpan.FromMilliseconds(250))));

        var asking = venue.Exchange.GetBalanceAsync(CancellationToken.None);
        venue.Clock.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(asking.IsCompleted);
        venue.Clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(10_000m, (await asking).Value);
    }

    [Fact]
    public async Task Unknown_market_is_refused_naming_the_ticker()
    {
        var venue = new SimulatedVenue();
        var request = Order(Side.Yes, OrderAction.Buy, 1, 0.50m) with { Ticker = new MarketTicker("KXNOPE-1") };

        var refused = await Assert.ThrowsAsync<ExchangeRejectedException>(() => venue.Place(request));

        Assert.Equal("MARKET_NOT_FOUND", refused.Code);
        Assert.Contains("KXNOPE-1", refused.Message);
    }

    [Theory]
    [InlineData("0.4550", "0.4550")]
    [InlineData("0.0000", "0.0000")]
    [InlineData("0.9950", "0.9950")]
    [InlineData("1.0000", "1.0000")]
    public async Task Price_off_the_cent_grid_or_outside_0_01_to_0_99_is_refused_naming_the_price(string price, string named)
    {
        var venue = new SimulatedVenue();
        var request = Order(Side.Yes, OrderAction.Buy, 1, 0.50m) with { LimitPrice = Price.Parse(price) };

        var refused = await Assert.ThrowsAsync<ExchangeRejectedException>(() => venue.Place(request));

        Assert.Equal("INVALID_PRICE", refused.Code);
        Assert.Contains(named, refused.Message);
        Assert.Empty(await venue.Exchange.GetOrdersAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Zero_quantity_is_refused_naming_the_quantity()
    {
        var venue = new SimulatedVenue();

        var refused = await Assert.ThrowsAsync<ExchangeRejectedException>(() => venue.Place(Order(Side.No, OrderAction.Buy, 0, 0.50m)));

        Assert.Equal("INVALID_QUANTITY", refused.Code);
        Assert.Contains("quantity 0", refused.Message);
    }

    [Fact]
    public async Task Closed_market_refuses_orders_and_has_canceled_what_rested()
    {
        var venue = new SimulatedVenue();
        var resting = await venue.Place(Order(Side.Yes, OrderAction.Buy, 5, 0.40m));

        venue.Exchange.CloseMarket(Ticker);
        var refused = await Assert.ThrowsAsync<ExchangeRejectedException>(() => venue.Place(Order(Side.Yes, OrderAction.Buy, 5, 0.40m)));

        Assert.Equal("MARKET_INACTIVE", refused.Code);
        Assert.Contains(Ticker.Value, refused.Message);
        Assert.Equal(OrderStatus.Canceled, (await venue.Exchange.GetOrderAsync(resting.ClientOrderId, CancellationToken.None))!.Status);
        Assert.Equal(OrderLogOutcome.Rejected, venue.Exchange.OrderLog[^1].Outcome);
    }

    [Fact]
    public async Task Order_opening_more_than_the_balance_can_pay_is_refused()
    {
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(StartingBalance: 10m));

        var refused = await Assert.ThrowsAsync<ExchangeRejectedException>(() => venue.Place(Order(Side.Yes, OrderAction.Buy, 21, 0.50m)));

        Assert.Equal("INSUFFICIENT_BALANCE", refused.Code);
        Assert.Equal(OrderStatus.Resting, (await venue.Place(Order(Side.Yes, OrderAction.Buy, 20, 0.50m))).Status);
    }
}
