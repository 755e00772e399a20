namespace Precog.Domain.Exits.Conditions;

/// <summary>5. HIGH: the held side's spread is wider than 0.03, or its best bid holds fewer than 50 contracts.</summary>
public sealed class LiquidityDriedUp : SellAllCondition
{
    public override ExitConditionKind Kind => ExitConditionKind.LiquidityDriedUp;
    public override ExitPriority Priority => ExitPriority.High;

    protected override string? Reason(ExitContext c, ExitSettings s)
    {
        if (c.Book.Spread > s.LiquidityMaxSpread)
            return $"spread {c.Book.Spread:0.0000} wider than {s.LiquidityMaxSpread}";
        if (c.Book.BidSize < s.LiquidityMinBidSize)
            return $"best bid size {c.Book.BidSize} below {s.LiquidityMinBidSize}";
        return null;
    }
}
