using Precog.Domain.Fees;
using Precog.Domain.Values;

namespace Precog.Domain.Entry;

/// <summary>Sizing limits of §1: Kelly fraction and every cap.</summary>
public sealed record SizingSettings(
    decimal KellyFraction = 0.25m,
    decimal MaxPositionDollars = 500m,
    decimal MaxPositionBankrollShare = 0.05m,
    decimal MaxTotalExposure = 10_000m,
    int MaxOpenPositions = 10,
    int MaxPositionsPerGame = 3,
    decimal MaxExposurePerGame = 1_500m)
{
    public static readonly SizingSettings Default = new();
}

/// <summary>What the book already holds: the inputs of the caps. Exposure is money at cost.</summary>
public sealed record Portfolio(Money Bankroll, Money TotalExposure, int OpenPositions, int PositionsInGame, Money GameExposure);

/// <summary>Which rule decided the size.</summary>
public enum SizeLimit { Kelly, NoEdge, MaxPosition, BankrollShare, TotalExposure, GameExposure, OpenPositions, PositionsPerGame }

/// <summary>The sized entry: contracts, the Kelly fraction f*, and the limit that bound it.</summary>
public sealed record EntrySize(Quantity Contracts, decimal KellyFraction, Money Stake, Money Cost, SizeLimit BoundBy);

/// <summary>
/// Binary Kelly on the all-in cost c = ask + fee per contract: f* = (p − c) / (1 − c), stake =
/// fraction × f* × bankroll, contracts = floor(stake / c), then every cap. The cost checked against the
/// dollar caps includes the fee as the venue rounds it, so a cap is never overshot by a cent.
/// </summary>
public static class KellySizer
{
    public static EntrySize Size(Probability p, Price ask, Portfolio book, SizingSettings s, IFeeModel fees)
    {
        var c = ask.Value + fees.MarginalFeePerContract(ask, Liquidity.Taker);
        if (c >= 1m || p.Value <= c)
            return Nothing(0m, SizeLimit.NoEdge);

        var f = (p.Value - c) / (1m - c);
        var stake = s.KellyFraction * f * book.Bankroll.Value;
        if (book.OpenPositions >= s.MaxOpenPositions) return Nothing(f, SizeLimit.OpenPositions);
        if (book.PositionsInGame >= s.MaxPositionsPerGame) return Nothing(f, SizeLimit.PositionsPerGame);

        var caps = new (decimal Dollars, SizeLimit Limit)[]
        {
            (s.MaxPositionDollars, SizeLimit.MaxPosition),
            (s.MaxPositionBankrollShare * book.Bankroll.Value, SizeLimit.BankrollShare),
            (s.MaxTotalExposure - book.TotalExposure.Value, SizeLimit.TotalExposure),
            (s.MaxExposurePerGame - book.GameExposure.Value, SizeLimit.GameExposure),
        };
        var (capDollars, capLimit) = caps.MinBy(x => x.Dollars);
        var budget = Math.Max(0m, Math.Min(stake, capDollars));
        var bound = stake <= capDollars ? SizeLimit.Kelly : capLimit;

        var contracts = (int)Math.Floor(budget / c);
        while (contracts > 0 && CostOf(contracts, ask, fees) > budget)
            contracts--; // the venue rounds the fee up to the cent: trim until the real cost fits

        return new EntrySize(new Quantity(contracts), f, Money.Round(stake), contracts == 0 ? Money.Zero : CostOf(contracts, ask, fees), bound);
    }

    /// <summary>What <paramref name="contracts"/> cost at <paramref name="ask"/>, fee included.</summary>
    public static Money CostOf(int contracts, Price ask, IFeeModel fees) =>
        Money.Round(contracts * ask.Value) + fees.Fee(new Quantity(contracts), ask, Liquidity.Taker);

    private static EntrySize Nothing(decimal f, SizeLimit limit) => new(Quantity.Zero, f, Money.Zero, Money.Zero, limit);
}
