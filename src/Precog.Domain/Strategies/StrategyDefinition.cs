using Precog.Domain.Entry;
using Precog.Domain.Fees;
using Precog.Domain.Markets;
using Precog.Domain.Models;
using Precog.Domain.Values;

namespace Precog.Domain.Strategies;

/// <summary>
/// An entry strategy version: the model it trusts (by label) and its own minimum edge (it may only raise the
/// global one). Immutable: a change is a new version.
/// </summary>
public sealed record StrategyDefinition(string Name, string Version, string Model, decimal MinEdge)
{
    public string Label => $"{Name} {Version}";
}

/// <summary>One strategy's judgement of one side of a market: the edge reading, and whether the entry rule admits it.</summary>
public sealed record SideJudgement(StrategyDefinition Strategy, EdgeReading Reading, EntryAssessment Assessment);

/// <summary>
/// Prices a game market for every strategy: P(YES) from the model's estimate for the team YES pays on, the
/// edge of buying each side at its ask (fee included), the confidence tier from the interval and the model's
/// sample size, and the entry rule's verdict.
/// </summary>
public static class StrategyEvaluator
{
    public static IReadOnlyList<SideJudgement> Judge(
        IReadOnlyList<StrategyDefinition> strategies, GameEstimate estimate, bool yesIsHome, Exits.BookTop yesBook, Exits.BookTop noBook,
        TimeSpan dataAge, int modelSampleSize, TradingSettings settings, IFeeModel fees)
    {
        var pYes = yesIsHome ? estimate.HomeWins : 1 - estimate.HomeWins;
        var width = (decimal)Math.Round(estimate.Upper - estimate.Lower, 4);
        var tier = settings.Confidence.Classify(width, modelSampleSize);
        var judgements = new List<SideJudgement>();
        foreach (var s in strategies)
        {
            foreach (var (side, p, book) in new[] { (Side.Yes, pYes, yesBook), (Side.No, 1 - pYes, noBook) })
            {
                if (book.Ask.Value <= 0m || book.Ask.Value >= 1m) continue; // no one sells this side
                var probability = Probability.FromModel(p);
                var assessment = EntryRule.Assess(new EntryCandidate(probability, book.Bid, book.Ask, dataAge, s.MinEdge), settings.Entry, fees);
                judgements.Add(new SideJudgement(s, new EdgeReading(s.Label, s.Model, side, probability, book.Ask, decimal.Round(assessment.Edge.Value, 4), tier), assessment));
            }
        }
        return judgements;
    }
}
