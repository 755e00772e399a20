using Precog.Domain.Values;

namespace Precog.Exchanges.Simulated;

/// <summary>
/// The account's cash and holdings. Holdings net per market as Kalshi's do (one side at a time): buying a side
/// while holding the other first closes what is held, since a YES and a NO contract together redeem for 1.
/// Selling a side is buying the other at the complement price, so every fill reduces to "buy B at p".
/// </summary>
internal sealed class SimulatedAccount(decimal startingBalance)
{
    private readonly Dictionary<MarketTicker, (Side Side, int Quantity)> _holdings = new();

    public decimal Balance { get; private set; } = startingBalance;

    public IReadOnlyList<ExchangePosition> Positions =>
        _holdings.Where(h => h.Value.Quantity > 0)
            .OrderBy(h => h.Key.Value, StringComparer.Ordinal)
            .Select(h => new ExchangePosition(h.Key, h.Value.Side, new Quantity(h.Value.Quantity)))
            .ToList();

    /// <summary>The contracts of a buy of <paramref name="buySide"/> that would open (not close) a holding.</summary>
    public int Opening(MarketTicker ticker, Side buySide, int quantity) =>
        _holdings.TryGetValue(ticker, out var h) && h.Side != buySide ? Math.Max(0, quantity - h.Quantity) : quantity;

    /// <summary>Books one fill: <paramref name="quantity"/> of <paramref name="buySide"/> bought at <paramref name="price"/>, less the fee.</summary>
    public void Apply(MarketTicker ticker, Side buySide, int quantity, Price price, Money fee)
    {
        var (side, held) = _holdings.TryGetValue(ticker, out var h) ? h : (buySide, 0);
        if (side != buySide)
        {
            var closing = Math.Min(held, quantity);
            Balance += closing * price.Complement.Value; // the pair redeems for 1: what was held sells at 1 − p
            held -= closing;
            quantity -= closing;
            if (held == 0)
                side = buySide;
        }
        Balance -= quantity * price.Value + fee.Value;
        held += quantity;
        if (held == 0)
            _holdings.Remove(ticker);
        else
            _holdings[ticker] = (side, held);
    }

    /// <summary>Pays out a settled market: each held contract is worth its side's payout; the holding is gone.</summary>
    public void Settle(MarketTicker ticker, Price yesPayout)
    {
        if (!_holdings.Remove(ticker, out var h))
            return;
        Balance += h.Quantity * (h.Side == Side.Yes ? yesPayout.Value : yesPayout.Complement.Value);
    }
}
