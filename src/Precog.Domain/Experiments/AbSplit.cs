namespace Precog.Domain.Experiments;

/// <summary>
/// An A/B test run by a split (TRADING_RULES.md §8): each opportunity (a market, by its ticker) goes to arm A or B
/// by <see cref="ArmAssignment"/>'s seeded draw, and only the version of its arm may trade it. Versions other than
/// the two are not part of the test and see every opportunity.
/// </summary>
public sealed record AbSplit(long Seed, string A, string B, decimal ShareOfA = 0.5m)
{
    public Arm ArmOf(string opportunity) => ArmAssignment.Assign(Seed, opportunity, ShareOfA);

    /// <summary>Whether the version labelled <paramref name="strategy"/> may trade <paramref name="opportunity"/>.</summary>
    public bool Allows(string strategy, string opportunity) =>
        strategy == A ? ArmOf(opportunity) == Arm.A : strategy != B || ArmOf(opportunity) == Arm.B;
}
