namespace Precog.Exchanges.Kalshi;

/// <summary>
/// The Kalshi WebSocket connection (PROTOCOLS.md §2).
/// </summary>
/// <param name="Url">The socket, ending in <c>/trade-api/ws/v2</c> (its path is what is signed): <see cref="DemoUrl"/> or <see cref="ProdUrl"/>.</param>
/// <param name="Silence">No message for this long means the connection is dead though open: the watchdog reports a stall and
/// reconnects (30 s; Kalshi pings every 10 s, but pings are not data).</param>
/// <param name="ConnectTimeout">A connection not open by then counts as a failure (10 s).</param>
/// <param name="FirstBackoff">The wait before reconnecting after a first failure, doubled per failure in a row, jittered to [½, 1] of it (1 s).</param>
/// <param name="MaxBackoff">The longest wait between reconnects (30 s).</param>
/// <param name="RestateEvery">While data arrives, each live book is restated as a snapshot (of the stream's own, current copy)
/// this often (10 s; null: never): a quiet book stays fresh for the data_stale breaker, and a reader that lost part of a
/// book's events is whole again within this span.</param>
public sealed record KalshiStreamSettings(Uri Url, TimeSpan Silence, TimeSpan ConnectTimeout, TimeSpan FirstBackoff, TimeSpan MaxBackoff, TimeSpan? RestateEvery = null)
{
    public static readonly Uri DemoUrl = new("wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2");
    public static readonly Uri ProdUrl = new("wss://external-api-ws.kalshi.com/trade-api/ws/v2");

    /// <summary>The path every connection signs (<c>ts + "GET" + path</c>).</summary>
    public const string Path = "/trade-api/ws/v2";

    public static KalshiStreamSettings For(Uri url) => new(url, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    public KalshiStreamSettings Validate()
    {
        if (!Url.IsAbsoluteUri || Url.Scheme is not ("wss" or "ws"))
            throw new ArgumentException($"Kalshi stream URL '{Url}' must be an absolute ws(s) URL");
        if (Url.AbsolutePath.TrimEnd('/') != Path)
            throw new ArgumentException($"Kalshi stream URL '{Url}' must have the path {Path} (it is part of what is signed)");
        foreach (var (name, value) in new[] { (nameof(Silence), Silence), (nameof(ConnectTimeout), ConnectTimeout), (nameof(FirstBackoff), FirstBackoff), (nameof(MaxBackoff), MaxBackoff) })
        {
            if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, $"Kalshi stream {name} must be positive");
        }
        if (RestateEvery is { } r && r <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RestateEvery), r, "Kalshi stream RestateEvery must be positive (or null: never)");
        return MaxBackoff >= FirstBackoff ? this : throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, "Kalshi stream MaxBackoff must not be shorter than FirstBackoff");
    }
}
