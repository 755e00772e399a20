using Precog.Actors.Gateway;
using Precog.Domain.Positions;
using Precog.Domain.Values;

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
}
