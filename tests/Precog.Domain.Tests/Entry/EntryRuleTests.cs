using Precog.Domain.Entry;
using Precog.Domain.Fees;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Entry;

public class EntryRuleTests
{
    private static readonly KalshiFeeModel Fees = KalshiFeeModel.Default;

    private static EntryCandidate Good() => new(new Probability(0.70m), new Price(0.55m), new Price(0.57m), TimeSpan.FromSeconds(5));

    [Fact]
    public void Edge_is_probability_minus_ask_minus_fee_per_contract()
    {
        // 0.70 − 0.57 − 0.07 × 0.57 × 0.43 = 0.70 − 0.57 − 0.017157 = 0.112843
        var edge = Edge.OfTakerBuy(new Probability(0.70m), new Price(0.57m), Fees);
        Assert.Equal(0.112843m, edge.Value);
        Assert.Equal(edge.Value, edge.ExpectedValuePerContract);
        Assert.Equal(0.587157m, edge.AllInCost);
    }

    [Fact]
    public void A_candidate_meeting_every_rule_is_admitted()
    {
        var verdict = EntryRule.Assess(Good(), EntrySettings.Default, Fees);
        Assert.True(verdict.Admitted, string.Join("; ", verdict.Refusals.Select(r => r.Detail)));
    }

    [Fact]
    public void Edge_below_the_minimum_is_refused()
    {
        var verdict = EntryRule.Assess(Good() with { ModelProbability = new Probability(0.62m) }, EntrySettings.Default, Fees);
        Assert.Equal([EntryRefusal.EdgeBelowMinimum], verdict.Refusals.Select(r => r.Kind));
    }

    [Fact]
    public void A_strategy_may_raise_the_minimum_edge_but_not_lower_it()
    {
        var raised = EntryRule.Assess(Good() with { StrategyMinEdge = 0.12m }, EntrySettings.Default, Fees);
        var lowered = EntryRule.Assess(Good() with { ModelProbability = new Probability(0.62m), StrategyMinEdge = 0.01m }, EntrySettings.Default, Fees);
        Assert.Contains(raised.Refusals, r => r.Kind == EntryRefusal.EdgeBelowMinimum);
        Assert.Contains(lowered.Refusals, r => r.Kind == EntryRefusal.EdgeBelowMinimum);
    }

    [Theory]
    [InlineData("0.0100")]
    [InlineData("0.9900")]
    public void Asks_outside_2_to_98_cents_are_refused(string ask)
    {
        var a = Price.Parse(ask);
        var c = new EntryCandidate(new Probability(1m), Price.Clamp(a.Value - 0.01m), a, TimeSpan.Zero);
        Assert.Contains(EntryRule.Assess(c, EntrySettings.Default, Fees).Refusals, r => r.Kind == EntryRefusal.PriceOutOfRange);
    }

    [Fact]
    public void Spread_wider_than_5_cents_is_refused()
    {
        var verdict = EntryRule.Assess(Good() with { Bid = new Price(0.51m) }, EntrySettings.Default, Fees);
        Assert.Equal([EntryRefusal.SpreadTooWide], verdict.Refusals.Select(r => r.Kind));
    }

    [Fact]
    public void Data_older_than_30_seconds_is_refused()
    {
        var fresh = EntryRule.Assess(Good() with { DataAge = TimeSpan.FromSeconds(30) }, EntrySettings.Default, Fees);
        var stale = EntryRule.Assess(Good() with { DataAge = TimeSpan.FromSeconds(31) }, EntrySettings.Default, Fees);
        Assert.True(fresh.Admitted);
        Assert.Equal([EntryRefusal.DataStale], stale.Refusals.Select(r => r.Kind));
    }

    [Fact]
    public void An_open_breaker_refuses_the_entry_and_is_named()
    {
        var verdict = EntryRule.Assess(Good() with { BlockingBreakers = ["daily_loss_limit"] }, EntrySettings.Default, Fees);
        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal(EntryRefusal.BreakerOpen, refusal.Kind);
        Assert.Contains("daily_loss_limit", refusal.Detail);
    }

    [Fact]
    public void Entry_limit_is_the_ask_while_within_2_percent_of_the_edge_price()
    {
        var plan = EntryOrder.Plan(new Price(0.50m), new Price(0.51m), EntrySettings.Default);
        Assert.Equal(new Price(0.51m), plan.Limit);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Timeout);
    }

    [Fact]
    public void Entry_is_not_placed_when_the_ask_ran_more_than_2_percent_away()
    {
        var plan = EntryOrder.Plan(new Price(0.50m), new Price(0.5101m), EntrySettings.Default);
        Assert.False(plan.CanPlace);
        Assert.Contains("0.5101", plan.Refusal);
    }

    [Theory]
    [InlineData("0.10", 100, ConfidenceTier.High)]
    [InlineData("0.10", 99, ConfidenceTier.Medium)]
    [InlineData("0.11", 500, ConfidenceTier.Medium)]
    [InlineData("0.20", 30, ConfidenceTier.Medium)]
    [InlineData("0.20", 29, ConfidenceTier.Low)]
    [InlineData("0.21", 1000, ConfidenceTier.Low)]
    public void Confidence_tier_follows_interval_width_and_sample_size(string width, int n, ConfidenceTier expected)
    {
        Assert.Equal(expected, ConfidenceSettings.Default.Classify(decimal.Parse(width, System.Globalization.CultureInfo.InvariantCulture), n));
    }
}
