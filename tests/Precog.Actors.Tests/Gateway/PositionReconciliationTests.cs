using Precog.Actors.Gateway;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Actors.Tests.Gateway;

public sealed class PositionReconciliationTests
{
    private static readonly MarketTicker A = new("KX-A");
    private static readonly MarketTicker B = new("KX-B");

    private static Dictionary<MarketTicker, Holding> Holdings(params (MarketTicker Ticker, Side Side, decimal Contracts)[] h) =>
        h.ToDictionary(x => x.Ticker, x => new Holding(x.Side, x.Contracts));

    [Theory]
    [InlineData(0.004, true)]
    [InlineData(0.0099, true)]
    [InlineData(0.01, false)]
    [InlineData(1, false)]
    public void A_venue_holding_the_engine_does_not_know_is_dust_below_a_hundredth_of_a_contract(double venueContracts, bool matches)
    {
        var result = PositionReconciliation.Compare(Holdings(), Holdings((A, Side.Yes, (decimal)venueContracts)), PositionReconciliation.DefaultDust);
        Assert.Equal(matches, result.Matches);
    }

    [Fact]
    public void Dust_on_top_of_a_matching_holding_is_ignored_but_a_whole_contract_is_not()
    {
        Assert.True(PositionReconciliation.Compare(Holdings((A, Side.No, 100m)), Holdings((A, Side.No, 100.005m)), 0.01m).Matches);
        var off = PositionReconciliation.Compare(Holdings((A, Side.No, 100m), (B, Side.Yes, 3m)), Holdings((A, Side.No, 101m), (B, Side.Yes, 3m)), 0.01m);
        Assert.Equal(["KX-A: expected No 100, exchange has No 101"], off.Mismatches);
    }

    [Fact]
    public void Opposite_holdings_of_two_positions_in_one_market_net_as_the_venue_nets_them()
    {
        var engine = PositionReconciliation.Net([new Holding(Side.Yes, 100m), new Holding(Side.No, 40m)]);
        Assert.Equal(new Holding(Side.Yes, 60m), engine);
        Assert.True(PositionReconciliation.Compare(new Dictionary<MarketTicker, Holding> { [A] = engine }, Holdings((A, Side.Yes, 60m)), 0.01m).Matches);
        Assert.False(PositionReconciliation.Compare(new Dictionary<MarketTicker, Holding> { [A] = engine }, Holdings((A, Side.No, 60m)), 0.01m).Matches);
    }

    private static readonly DateTimeOffset At = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
    private static readonly PositionId P1 = new(new Guid(1, 0, 0, new byte[8]));
    private static readonly PositionId P2 = new(new Guid(2, 0, 0, new byte[8]));
    private static readonly ClientOrderId Entry1 = new(new Guid(11, 0, 0, new byte[8]));
    private static readonly ClientOrderId Exit1 = new(new Guid(12, 0, 0, new byte[8]));
    private static readonly ClientOrderId Entry2 = new(new Guid(21, 0, 0, new byte[8]));
    private static readonly ClientOrderId Closed = new(new Guid(31, 0, 0, new byte[8]));

    private static OrderState Order(string id, ClientOrderId client, OrderAction action) =>
        new(id, client, A, Side.Yes, action, new Price(0.5m), new Quantity(10), new Quantity(10), Quantity.Zero, OrderStatus.Executed, At, At);

    private static ExchangeFill Fill(string trade, string order, OrderAction action, int minutes) =>
        new(trade, order, A, Side.Yes, action, new Quantity(5), new Price(0.5m), new Money(0.09m), true, At.AddMinutes(minutes));

    private static readonly OrderState[] Orders =
        [Order("o-e1", Entry1, OrderAction.Buy), Order("o-x1", Exit1, OrderAction.Sell), Order("o-e2", Entry2, OrderAction.Buy), Order("o-c", Closed, OrderAction.Buy)];

    private static PositionFills Position(PositionId id, IReadOnlySet<ClientOrderId> orders, params string[] trades) =>
        new(id, A, At, orders, trades.ToHashSet());

    [Fact]
    public void Fills_every_position_recorded_match_and_a_fill_of_an_order_no_open_position_placed_is_not_theirs_to_judge()
    {
        var fills = new[] { Fill("t1", "o-e1", OrderAction.Buy, 1), Fill("t2", "o-e1", OrderAction.Buy, 2), Fill("t3", "o-x1", OrderAction.Sell, 3),
            Fill("t4", "o-e2", OrderAction.Buy, 4), Fill("t5", "o-c", OrderAction.Buy, 5) };
        var compared = PositionReconciliation.CompareFills(
            [Position(P1, new HashSet<ClientOrderId> { Entry1, Exit1 }, "t1", "t2", "t3"), Position(P2, new HashSet<ClientOrderId> { Entry2 }, "t4")], Orders, fills);

        Assert.Empty(compared.Mismatches);
        Assert.Empty(compared.Unrecorded);
    }

    [Fact]
    public void A_fill_of_a_positions_order_it_has_not_recorded_is_named_and_its_order_returned_once_to_be_told_to_the_position()
    {
        var fills = new[] { Fill("t1", "o-e1", OrderAction.Buy, 1), Fill("t3", "o-x1", OrderAction.Sell, 3), Fill("t6", "o-x1", OrderAction.Sell, 4) };
        var compared = PositionReconciliation.CompareFills([Position(P1, new HashSet<ClientOrderId> { Entry1, Exit1 }, "t1")], Orders, fills);

        Assert.Equal(
        [
            $"KX-A: fill t3 of order o-x1 (Sell 5 Yes at 0.5000) is at the exchange but position {P1} has not recorded it",
            $"KX-A: fill t6 of order o-x1 (Sell 5 Yes at 0.5000) is at the exchange but position {P1} has not recorded it",
        ], compared.Mismatches);
        var (position, order) = Assert.Single(compared.Unrecorded);
        Assert.Equal((P1, "o-x1", Exit1), (position, order.OrderId, order.ClientOrderId));
    }

    [Fact]
    public void A_trade_a_position_recorded_that_the_exchange_does_not_have_is_a_mismatch_with_nothing_to_tell()
    {
        var compared = PositionReconciliation.CompareFills(
            [Position(P1, new HashSet<ClientOrderId> { Entry1 }, "t1", "t-ghost")], Orders, [Fill("t1", "o-e1", OrderAction.Buy, 1)]);

        Assert.Equal([$"KX-A: position {P1} recorded trade t-ghost, which the exchange does not have"], compared.Mismatches);
        Assert.Empty(compared.Unrecorded);
    }
}
