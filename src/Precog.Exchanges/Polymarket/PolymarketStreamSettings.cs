namespace Precog.Exchanges.Polymarket;

/// <summary>
/// The market channel connection (PROTOCOLS.md §4.5).
/// </summary>
/// <param name="PingInterval">Between the text PINGs that keep the connection open (10 s).</param>
/// <param name="ConnectTimeout">A connection not open by then counts as a failure (10 s).</param>
/// <param name="FirstBackoff">The wait before reconnecting after a first failure, doubled per failure in a row (1 s).</param>
/// <param name="MaxBackoff">The longest wait between reconnects (30 s).</param>
public sealed record PolymarketStreamSettings(TimeSpan PingInterval, TimeSpan ConnectTimeout, TimeSpan FirstBackoff, TimeSpan MaxBackoff)
{
    public static readonly PolymarketStreamSettings Default = new(
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>The live market channel.</summary>
    public static readonly Uri ProductionMarketChannel = new("wss://ws-subscriptions-clob.polymarket.com/ws/market");

    public PolymarketStreamSettings Validate()
    {
        foreach (var (name, value) in new[] { (nameof(PingInterval), PingInterval), (nameof(ConnectTimeout), ConnectTimeout), (nameof(FirstBackoff), FirstBackoff), (nameof(MaxBackoff), MaxBackoff) })
        {
            if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, $"Polymarket stream {name} must be positive");
        }
        return MaxBackoff >= FirstBackoff ? this : throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, "Polymarket stream MaxBackoff must not be shorter than FirstBackoff");
    }
}
