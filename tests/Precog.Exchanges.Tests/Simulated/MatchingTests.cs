using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;
using static Precog.Exchanges.Tests.Simulated.SimulatedVenue;

namespace Precog.Exchanges.Tests.Simulated;

public class MatchingTests
{
    [Fact]
    public async Task Crossing_order_fills_at_the_book_price_with_the_taker_fee_of_the_trading_rules()
    {
        // Given YES bids of 200 at 0.04, i.e. NO offered at 0.96
        var venue = new SimulatedVenue();
        venue.SetBook([Level(0.04m, 200)], []);

        // When the account buys 103 NO at 0.96
        var order = await venue.Place(Order(Side.No, OrderAction.Buy, 103, 0.96m));

        // Then one taker fill of 103 at 0.96 with fee 0.28 (TRADING_RULES §1), and the book has 97 left
        var fill = Assert.Single(await venue.Fills(order.OrderId));
        Assert.Equal((103, 0.96m, 0.28m, true), (fill.Quantity.Value, fill.Price.Value, fill.Fee.Value, fill.IsTaker));
        Assert.Equal(OrderStatus.Executed, order.Status);
        Assert.Equal(9900.84m, await venue.Balance()); // 10000 − 98.88 − 0.28
        Assert.Equal(new ExchangePosition(Ticker, Side.No, new Quantity(103)), Assert.Single(await venue.Positions()));
        var book = await venue.Exchange.GetOrderBookAsync(Ticker, CancellationToken.None);
        Assert.Equal(Level(0.04m, 97), book.BestYesBid);
    }

    [Fact]
    public async Task Taker_walks_the_levels_best_first_and_stops_at_its_limit()
    {
        // Given NO bids making YES asks of 0.58, 0.59, 0.60 and 0.61
        var venue = new SimulatedVenue();
        venue.SetBook([], [Level(0.39m, 50), Level(0.40m, 10), Level(0.41m, 10), Level(0.42m, 10)]);

        // When buying 40 YES at 0.60
        var order = await venue.Place(Order(Side.Yes, OrderAction.Buy, 40, 0.60m));

        // Then 10 each at 0.58, 0.59, 0.60, each with its own taker fee; 10 rest; the 0.61 level is untouched
        var fills = await venue.Fills(order.OrderId);
        Assert.Equal(
            new[] { (10, 0.58m, 0.18m), (10, 0.59m, 0.17m), (10, 0.60m, 0.17m) },
            fills.Select(f => (f.Quantity.Value, f.Price.Value, f.Fee.Value)).ToArray());
        Assert.Equal(3, fills.Select(f => f.TradeId).Distinct().Count());
        Assert.Equal((OrderStatus.Resting, 30, 10), (order.Status, order.Filled.Value, order.Remaining.Value));
        var book = await venue.Exchange.GetOrderBookAsync(Ticker, CancellationToken.None);
        Assert.Equal(new[] { Level(0.39m, 50) }, book.NoBids);
    }

    [Fact]
    public async Task Partial_fill_rests_the_remainder_which_fills_as_maker_when_the_book_comes_to_it()
    {
        // Given NO bids of 20 at 0.45 (YES ask 0.55)
        var venue = new SimulatedVenue();
        venue.SetBook([], [Level(0.45m, 20)]);

        // When buying 50 YES at 0.55, good till canceled
        var order = await venue.Place(Order(Side.Yes, OrderAction.Buy, 50, 0.55m));

        // Then 20 fill now and 30 rest
        Assert.Equal((OrderStatus.Resting, 20, 30), (order.Status, order.Filled.Value, order.Remaining.Value));

        // When the book moves to a NO bid of 100 at 0.46 (YES ask 0.54, through the resting limit)
        var book = venue.SetBook([], [Level(0.46m, 100)]);

        // Then the 30 fill at the order's own limit as maker, with the maker fee, and the book gives up 30
        var fills = await venue.Fills(order.OrderId);
        Assert.Equal(2, fills.Count);
        Assert.Equal((30, 0.55m, 0.13m, false), (fills[1].Quantity.Value, fills[1].Price.Value, fills[1].Fee.Value, fills[1].IsTaker));
        Assert.Equal(Level(0.46m, 70), book.BestNoBid);
        var after = await venue.Exchange.GetOrderAsync(order.ClientOrderId, CancellationToken.None);
        Assert.Equal((OrderStatus.Executed, 50, 0), (after!.Status, after.Filled.Value, after.Remaining.Value));
        Assert.Equal(9972.02m, await venue.Balance()); // 10000 − 11.00 − 0.35 − 16.50 − 0.13
    }

    [Fact]
    public async Task Immediate_or_cancel_remainder_is_canceled_and_never_fills_later()
    {
        var venue = new SimulatedVenue();
        venue.SetBook([], [Level(0.45m, 20)]);

        var order = await venue.Place(Order(Side.Yes, OrderAction.Buy, 50, 0.55m, TimeInForce.ImmediateOrCancel));
        venue.SetBook([], [Level(0.46m, 100)]);

        Assert.Equal((OrderStatus.Canceled, 20, 0), (order.Status, order.Filled.Value, order.Remaining.Value));
        Assert.Single(await venue.Fills(order.OrderId));
        Assert.Equal(20, (await venue.Positions()).Single().Quantity.Value);
    }

    [Fact]
    public async Task Fill_or_kill_fills_nothing_when_the_book_is_too_thin_and_everything_when_it_is_not()
    {
        var venue = new SimulatedVenue();
        venue.SetBook([], [Level(0.44m, 30), Level(0.45m, 20)]);

        var killed = await venue.Place(Order(Side.Yes, OrderAction.Buy, 51, 0.56m, TimeInForce.FillOrKill));
        Assert.Equal((OrderStatus.Canceled, 0), (killed.Status, killed.Filled.Value));
        Assert.Empty(await venue.Fills());
        Assert.Equal(10_000m, await venue.Balance());

        var filled = await venue.Place(Order(Side.Yes, OrderAction.Buy, 50, 0.56m, TimeInForce.FillOrKill));
        Assert.Equal((OrderStatus.Executed, 50), (filled.Status, filled.Filled.Value));
        Assert.Equal(new[] { 20, 30 }, (await venue.Fills(filled.OrderId)).Select(f => f.Quantity.Value).ToArray());
    }

    [Fact]
    public async Task Selling_what_is_held_closes_the_position_at_the_bid()
    {
        // Given 10 YES bought at 0.60
        var venue = new SimulatedVenue();
        venue.SetBook([Level(0.58m, 100)], [Level(0.40m, 100)]);
        await venue.Place(Order(Side.Yes, OrderAction.Buy, 10, 0.60m));

        // When they are sold at the 0.58 YES bid
        var sold = await venue.Place(Order(Side.Yes, OrderAction.Sell, 10, 0.58m));

        // Then nothing is held and the cash is 10000 − 6.00 − 0.17 + 5.80 − 0.18
        Assert.Equal(OrderStatus.Executed, sold.Status);
        Assert.Empty(await venue.Positions());
        Assert.Equal(9999.45m, await venue.Balance());
    }

    [Fact]
    public async Task Same_client_order_id_twice_makes_one_order_and_one_set_of_fills()
    {
        var venue = new SimulatedVenue();
        venue.SetBook([], [Level(0.45m, 100)]);
        var request = Order(Side.Yes, OrderAction.Buy, 30, 0.55m);

        var first = await venue.Place(request);
        var second = await venue.Place(request with { Quantity = new Quantity(60) });

        Assert.Equal(first.OrderId, second.OrderId);
        Assert.Equal(30, second.Initial.Value);
        Assert.Single(await venue.Exchange.GetOrdersAsync(null, CancellationToken.None));
        Assert.Single(await venue.Fills());
        Assert.Equal(Level(0.45m, 70), (await venue.Exchange.GetOrderBookAsync(Ticker, CancellationToken.None)).BestNoBid);
        Assert.Equal(new[] { OrderLogOutcome.Placed, OrderLogOutcome.Duplicate }, venue.Exchange.OrderLog.Select(e => e.Outcome));
    }

    [Fact]
    public async Task Canceling_a_resting_order_stops_it_filling()
    {
        var venue = new SimulatedVenue();
        var order = await venue.Place(Order(Side.Yes, OrderAction.Buy, 10, 0.50m));

        var canceled = await venue.Exchange.CancelOrderAsync(order.OrderId, Ticker, CancellationToken.None);
        venue.SetBook([], [Level(0.55m, 100)]);

        Assert.Equal(OrderStatus.Canceled, canceled.Status);
        Assert.Empty(await venue.Fills());
    }
}
