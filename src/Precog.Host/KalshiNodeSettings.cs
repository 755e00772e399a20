using Akka.Configuration;
using Precog.Actors.Gateway;
using Precog.Configuration;
using Precog.Exchanges.Kalshi;

namespace Precog.Host;

/// <summary>Which venue the node trades on: <c>--exchange simulated|kalshi-demo|kalshi</c>.</summary>
public enum ExchangeChoice { Simulated, KalshiDemo, Kalshi }

/// <summary>
/// How a node reaches Kalshi: the REST client's and the stream's settings, the key (loaded and permission-checked
/// before anything starts), the series to follow and how often to list their markets. Bound from
/// <c>precog.kalshi</c> (hocon/precog.conf) with <c>PRECOG_KALSHI_KEY_ID</c> / <c>PRECOG_KALSHI_KEY_FILE</c> winning
/// when set. Never from the command line, and never showing the key: errors name the file only.
/// </summary>
public sealed record KalshiNodeSettings(
    ExchangeChoice Environment, KalshiSettings Rest, KalshiStreamSettings Stream, IReadOnlyList<string> Series, TimeSpan MarketRefresh, KalshiSigner Signer)
{
    public const string Section = "precog.kalshi";
    public const string KeyIdVariable = "PRECOG_KALSHI_KEY_ID";
    public const string KeyFileVariable = "PRECOG_KALSHI_KEY_FILE";

    /// <summary>
    /// The gateway gives one call this many client timeouts: the client's single attempt, then the lookup by client
    /// order id with which it resolves an attempt that timed out (so the gateway never judges an outcome the client is
    /// still finding out).
    /// </summary>
    public const int GatewayTimeoutFactor = 3;

    /// <summary>The game feed the node reads live states from (<c>precog.espn</c>), bound with the rest at start.</summary>
    public EspnNodeSettings Espn { get; init; } = EspnNodeSettings.Default;

    /// <summary>The Polymarket tokens the node follows for their price, never traded (<c>precog.polymarket</c>), bound with the rest at start.</summary>
    public PolymarketNodeSettings Polymarket { get; init; } = PolymarketNodeSettings.Disabled;

    /// <summary>The cash a paper node (<c>--paper</c>) starts with (<c>precog.paper.balance</c>).</summary>
    public decimal PaperBalance { get; init; } = 10_000m;

    private static readonly Dictionary<string, KalshiTier> Tiers =
        Enum.GetValues<KalshiTier>().ToDictionary(t => t.ToString().ToLowerInvariant(), t => t);

    /// <summary>"kalshi-demo" names the demo environment; "kalshi" production; "simulated" none.</summary>
    public static ExchangeChoice ParseChoice(string text) => text.Trim().ToLowerInvariant() switch
    {
        "simulated" => ExchangeChoice.Simulated,
        "kalshi-demo" => ExchangeChoice.KalshiDemo,
        "kalshi" => ExchangeChoice.Kalshi,
        _ => throw new SettingsException($"--exchange {text} is not one of simulated, kalshi-demo, kalshi"),
    };

    /// <summary>Binds the section and loads the key; every refusal is a <see cref="SettingsException"/> naming the key or file.</summary>
    public static KalshiNodeSettings Load(Config config, ExchangeChoice choice, Func<string, string?> environment)
    {
        if (choice == ExchangeChoice.Simulated) throw new ArgumentException("the simulated exchange needs no Kalshi settings", nameof(choice));
        var r = new SettingsReader(config, Section);
        var option = choice == ExchangeChoice.KalshiDemo ? "kalshi-demo" : "kalshi";
        var keyId = Given(environment(KeyIdVariable)) ?? Given(r.Text("key-id"));
        var keyFile = Given(environment(KeyFileVariable)) ?? Given(r.Text("key-file"));
        if (keyId is null || keyFile is null)
            throw new SettingsException(
                $"--exchange {option} needs your Kalshi API key: set {r.Key("key-id")} and {r.Key("key-file")} in the configuration, or {KeyIdVariable} and {KeyFileVariable} in the environment (never on the command line)");

        var demo = choice == ExchangeChoice.KalshiDemo;
        var baseUrl = Url(r, "base-url", demo ? KalshiSettings.DemoBaseUrl : KalshiSettings.ProdBaseUrl);
        var streamUrl = Url(r, "stream-url", demo ? KalshiStreamSettings.DemoUrl : KalshiStreamSettings.ProdUrl);
        var series = r.TextList("series");
        if (series.Count == 0) throw new SettingsException($"{r.Key("series")} is empty: name the series to follow, e.g. [\"KXNFLGAME\"]");
        var callTimeout = r.Duration("call-timeout");
        var refresh = r.Duration("market-refresh");
        var silence = r.Duration("stream-silence");

        KalshiSettings rest;
        KalshiStreamSettings stream;
        try
        {
            // the client makes one attempt per call: the gateway decides what is retried, and when (no retries multiplying)
            rest = new KalshiSettings(baseUrl, keyId, keyFile, r.Choice("tier", Tiers), MarketSeries: series, CallTimeout: callTimeout, MaxAttempts: 1).Validated();
            stream = (KalshiStreamSettings.For(streamUrl) with { Silence = silence, RestateEvery = silence / 3 }).Validate();
        }
        catch (ArgumentException e)
        {
            throw new SettingsException($"{Section}: {e.Message}");
        }

        KalshiSigner signer;
        try
        {
            signer = KalshiSigner.FromKeyFile(keyId, keyFile);
        }
        catch (KalshiKeyException e)
        {
            throw new SettingsException(e.Message); // names the file (and its mode), never its content
        }
        return new KalshiNodeSettings(choice, rest, stream, series, refresh, signer) {
            Espn = EspnNodeSettings.Load(config), Polymarket = PolymarketNodeSettings.Load(config), PaperBalance = new SettingsReader(config, "precog.paper").Decimal("balance", min: 0.01m, max: 1_000_000_000m),
        };
    }

    /// <summary>The gateway's view of the venue: its call timeout exceeds the client's whole call (see <see cref="GatewayTimeoutFactor"/>).</summary>
    public ExchangeGatewaySettings Gateway()
    {
        var (read, write) = KalshiSettings.Budget(Rest.Tier);
        return ExchangeGatewaySettings.Default with
        {
            CallTimeout = Rest.Timeout * GatewayTimeoutFactor,
            Read = new TokenBucketSettings(read * Rest.BucketSeconds, read),
            Write = new TokenBucketSettings(write * Rest.BucketSeconds, write),
        };
    }

    public string Describe() =>
        $"Kalshi {(Environment == ExchangeChoice.KalshiDemo ? "demo" : "production")} at {Rest.BaseUrl} (stream {Stream.Url}), key id {KalshiSigner.Mask(Rest.KeyId)}, following {string.Join(", ", Series)}";

    private static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Uri Url(SettingsReader r, string name, Uri fallback)
    {
        if (Given(r.Text(name)) is not { } text) return fallback;
        return Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : throw new SettingsException($"{r.Key(name)} = '{text}' is not an absolute URL");
    }
}
