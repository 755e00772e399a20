using Precog.Domain.Fees;
using Precog.Domain.Values;

namespace Precog.Domain.Entry;

/// <summary>Why an entry was refused.</summary>
public enum EntryRefusal { EdgeBelowMinimum, PriceOutOfRange, SpreadTooWide, DataStale, BreakerOpen }

/// <summary>One refusal with a sentence a trader can read.</summary>
public sealed record EntryRefusalReason(EntryRefusal Kind, string Detail);

/// <summary>A candidate entry: buy one side of a market at its ask, given the model's probability.</summary>
/// <param name="ModelProbability">The model's probability that the side bought wins.</param>
/// <param name="Bid">Best bid of that side.</param>
/// <param name="Ask">Best ask of that side: the price paid.</param>
/// <param name="DataAge">Age of the newest market data the edge rests on.</param>
/// <param name="StrategyMinEdge">A strategy config's own minimum edge; only ever raises the default.</param>
/// <param name="BlockingBreakers">Names of the open breakers that block entries on this market.</param>
public sealed record EntryCandidate(
    Probability ModelProbability,
    Price Bid,
    Price Ask,
    TimeSpan DataAge,
    decimal? StrategyMinEdge = null,
    IReadOnlyList<string>? BlockingBreakers = null);

/// <summary>The verdict on a candidate: its edge and every reason it may not be entered (empty when admitted).</summary>
public sealed record EntryAssessment(Edge Edge, IReadOnlyList<EntryRefusalReason> Refusals)
{
    public bool Admitted => Refusals.Count == 0;
}

/// <summary>TRADING_RULES.md §1: edge ≥ min edge, price in [0.02, 0.98], spread ≤ 0.05, fresh data, no blocking breaker.</summary>
public static class EntryRule
{
    public static EntryAssessment Assess(EntryCandidate c, EntrySettings settings, IFeeModel fees)
    {
        var edge = Edge.OfTakerBuy(c.ModelProbability, c.Ask, fees);
        var minEdge = Math.Max(settings.MinEdge, c.StrategyMinEdge ?? settings.MinEdge);
        var spread = c.Ask.Value - c.Bid.Value;
        var refusals = new List<EntryRefusalReason>();

        if (edge.Value < minEdge)
            refusals.Add(new(EntryRefusal.EdgeBelowMinimum, $"edge {edge.Value:0.0000} is below the minimum {minEdge:0.0000}"));
        if (c.Ask.Value < settings.MinPrice || c.Ask.Value > settings.MaxPrice)
            refusals.Add(new(EntryRefusal.PriceOutOfRange, $"ask {c.Ask} is outside [{settings.MinPrice}, {settings.MaxPrice}]"));
        if (spread > settings.MaxSpread)
            refusals.Add(new(EntryRefusal.SpreadTooWide, $"spread {spread:0.0000} exceeds {settings.MaxSpread}"));
        if (c.DataAge > settings.MaxDataAge)
            refusals.Add(new(EntryRefusal.DataStale, $"data is {c.DataAge.TotalSeconds:0.#} s old, limit {settings.MaxDataAge.TotalSeconds:0.#} s"));
        if (c.BlockingBreakers is { Count: > 0 } open)
            refusals.Add(new(EntryRefusal.BreakerOpen, $"open breakers block entries: {string.Join(", ", open)}"));

        return new EntryAssessment(edge, refusals);
    }
}
