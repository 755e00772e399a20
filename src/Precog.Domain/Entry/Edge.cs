using Precog.Domain.Fees;
using Precog.Domain.Values;

namespace Precog.Domain.Entry;

/// <summary>
/// The edge of buying one side: model probability minus the ask minus the fee per contract.
/// It is also the expected value per contract, in dollars.
/// </summary>
public sealed record Edge(Probability ModelProbability, Price Ask, decimal FeePerContract)
{
    public decimal Value => ModelProbability.Value - Ask.Value - FeePerContract;

    /// <summary>Expected value per contract equals the edge (a contract pays 1 if the side wins).</summary>
    public decimal ExpectedValuePerContract => Value;

    /// <summary>All-in cost of one contract: the ask plus its fee.</summary>
    public decimal AllInCost => Ask.Value + FeePerContract;

    /// <summary>Edge of a taker buy at the ask, charging the fee model's marginal (unrounded) fee per contract.</summary>
    public static Edge OfTakerBuy(Probability p, Price ask, IFeeModel fees) =>
        new(p, ask, fees.MarginalFeePerContract(ask, Liquidity.Taker));
}
