using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Kalshi;
using Precog.Testing.FakeKalshi;

namespace Precog.Exchanges.Tests.Kalshi;

/// <summary>
/// A Kalshi client wired to a fake Kalshi on 127.0.0.1, both on one <see cref="FakeTimeProvider"/> (signatures are
/// timed by it, timeouts and backoffs wait on it). Backoff is zero unless a test asks for more, so retries need no clock.
/// </summary>
public sealed class KalshiRig : IAsyncDisposable
{
    public const string KeyId = "8f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f";
    public const string Ticker = "KXNFLGAME-25DEC07BUFCIN-BUF";

    /// <summary>One 2048-bit key for all tests (generating one takes a while); another for "a wrong key".</summary>
    public static readonly RSA Key = RSA.Create(2048);
    public static readonly RSA OtherKey = RSA.Create(2048);

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private KalshiRig(FakeTimeProvider clock, FakeKalshiServer fake)
    {
        Clock = clock;
        Fake = fake;
    }

    public FakeTimeProvider Clock { get; }
    public FakeKalshiServer Fake { get; }
    public KalshiExchange Exchange { get; private set; } = null!;

    public static async Task<KalshiRig> StartAsync(Func<KalshiSettings, KalshiSettings>? configure = null, Func<FakeKalshiOptions, FakeKalshiOptions>? configureFake = null, RSA? clientKey = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 6, 17, 0, 0, TimeSpan.Zero));
        var options = FakeKalshiOptions.For(Key, KeyId, clock);
        var fake = await FakeKalshiServer.StartAsync(configureFake?.Invoke(options) ?? options);
        var rig = new KalshiRig(clock, fake);
        rig.Exchange = rig.Client(configure, clientKey);
        return rig;
    }

    /// <summary>Another client of the same fake (a different key, clock or settings).</summary>
    public KalshiExchange Client(Func<KalshiSettings, KalshiSettings>? configure = null, RSA? key = null, TimeProvider? clock = null)
    {
        var settings = new KalshiSettings(Fake.BaseUrl, KeyId, "unused.pem", BackoffBase: TimeSpan.Zero, BackoffMax: TimeSpan.Zero);
        settings = configure?.Invoke(settings) ?? settings;
        var signer = KalshiSigner.FromPem(KeyId, (key ?? Key).ExportPkcs8PrivateKeyPem(), "the test key");
        return new KalshiExchange(settings, signer, _http, clock ?? Clock, new Random(7));
    }

    /// <summary>Lists the rig's market with bids of each side (prices in each side's own terms).</summary>
    public void Market(IEnumerable<(decimal, int)> yesBids, IEnumerable<(decimal, int)> noBids, string ticker = Ticker)
    {
        Fake.ListMarket(ticker, "KXNFLGAME-25DEC07BUFCIN", "KXNFLGAME", "Buffalo at Cincinnati Winner?");
        Fake.SetBook(ticker, yesBids, noBids);
    }

    public static OrderRequest Order(Side side, OrderAction action, int quantity, decimal price, TimeInForce tif = TimeInForce.GoodTillCanceled, string ticker = Ticker) =>
        new(ClientOrderId.New(), "kalshi", new MarketTicker(ticker), side, action, new Quantity(quantity), new Price(price), tif);

    /// <summary>
    /// Moves the clock in small steps until <paramref name="done"/> holds, yielding between steps so the client's
    /// continuations run; answers how far the clock moved. Never sleeps: the clock is the only thing that passes.
    /// </summary>
    public async Task<TimeSpan> AdvanceUntil(Func<bool> done, TimeSpan step, TimeSpan max)
    {
        var moved = TimeSpan.Zero;
        while (!done())
        {
            if (moved >= max) throw new TimeoutException($"still not done after {max} of fake time");
            Clock.Advance(step);
            moved += step;
            for (var i = 0; i < 20 && !done(); i++) await Task.Yield();
            await Task.Delay(5);
        }
        return moved;
    }

    public async ValueTask DisposeAsync()
    {
        Exchange.Dispose();
        await Fake.DisposeAsync();
        _http.Dispose();
    }
}
