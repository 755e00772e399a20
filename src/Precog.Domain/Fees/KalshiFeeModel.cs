using Precog.Domain.Values;

namespace Precog.Domain.Fees;

/// <summary>Kalshi fee settings: the taker and maker rates and the series' multiplier.</summary>
/// <param name="TakerRate">0.07: taker fee = ceil_to_cent(0.07 × C × P × (1 − P)).</param>
/// <param name="MakerRate">0.0175 for series that charge makers; 0 where makers trade free.</param>
/// <param name="SeriesMultiplier">A series' fee multiplier (1 for most, e.g. 0.5 for reduced-fee series).</param>
public sealed record KalshiFeeSettings(decimal TakerRate = 0.07m, decimal MakerRate = 0.0175m, decimal SeriesMultiplier = 1m)
{
    public static readonly KalshiFeeSettings Default = new();
}

/// <summary>
/// Kalshi's fee: rate × C × P × (1 − P), rounded up to the next cent per fill. Checked against the
/// recorded fill of 103 NO contracts at 0.96 (0.2769 → 0.28). Note that LEAN's 7% × min(P, 1 − P)
/// does not match that fill.
/// </summary>
public sealed class KalshiFeeModel(KalshiFeeSettings settings) : IFeeModel
{
    public static readonly KalshiFeeModel Default = new(KalshiFeeSettings.Default);

    public KalshiFeeSettings Settings { get; } = settings;

    public Money Fee(Quantity contracts, Price price, Liquidity liquidity) =>
        Money.CeilToCent(Rate(liquidity) * contracts.Value * price.Value * (1m - price.Value));

    public decimal MarginalFeePerContract(Price price, Liquidity liquidity) =>
        Rate(liquidity) * price.Value * (1m - price.Value);

    private decimal Rate(Liquidity liquidity) =>
        (liquidity == Liquidity.Taker ? Settings.TakerRate : Settings.MakerRate) * Settings.SeriesMultiplier;
}
