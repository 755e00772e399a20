using Precog.Domain.Values;

namespace Precog.Domain.Fees;

/// <summary>Whether an order took liquidity (taker) or rested on the book and was hit (maker).</summary>
public enum Liquidity { Taker, Maker }

/// <summary>A venue's trading fee for one fill.</summary>
public interface IFeeModel
{
    /// <summary>The fee charged for <paramref name="contracts"/> contracts filled at <paramref name="price"/>.</summary>
    Money Fee(Quantity contracts, Price price, Liquidity liquidity);

    /// <summary>The fee per contract before the venue's rounding: what edge and sizing charge each contract.</summary>
    decimal MarginalFeePerContract(Price price, Liquidity liquidity);
}
