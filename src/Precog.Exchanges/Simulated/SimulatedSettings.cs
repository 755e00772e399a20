using Precog.Domain.Fees;
using Precog.Domain.Values;

namespace Precog.Exchanges.Simulated;

/// <summary>How a simulated exchange starts: its name, its seed, the account's cash, its fees, prices and faults.</summary>
/// <param name="Platform">The venue name it answers to (orders for another platform are rejected).</param>
/// <param name="Seed">Drives the price process and the fault draws: the same seed and calls give the same run.</param>
/// <param name="StartingBalance">The account's cash at the start.</param>
/// <param name="Fees">Charged per fill; null means <see cref="KalshiFeeModel.Default"/>.</param>
/// <param name="Prices">How <see cref="SimulatedExchange.StepPrice"/> builds books around a true probability.</param>
/// <param name="Faults">What goes wrong, and how often; changeable while running through <see cref="SimulatedExchange.Faults"/>.</param>
public sealed record SimulatedExchangeSettings(
    string Platform = "kalshi",
    int Seed = 0,
    decimal StartingBalance = 10_000m,
    KalshiFeeModel? Fees = null,
    PriceProcessSettings? Prices = null,
    FaultSettings? Faults = null)
{
    public static readonly SimulatedExchangeSettings Default = new();
}

/// <summary>
/// The seeded price process: each step the displayed YES mid moves toward the true probability, keeping
/// <paramref name="Lag"/> of the gap, plus uniform noise of at most <paramref name="Noise"/>; the book then
/// shows <paramref name="Levels"/> bid levels a cent apart on each side around that mid, the best bids
/// <paramref name="Spread"/> apart in YES terms, each level about <paramref name="Depth"/> contracts (± half).
/// </summary>
public sealed record PriceProcessSettings(decimal Lag = 0.5m, decimal Noise = 0.01m, decimal Spread = 0.02m, int Levels = 5, int Depth = 100)
{
    public static readonly PriceProcessSettings Default = new();
}

/// <summary>
/// Faults to inject, each drawn from the exchange's seeded generator. Rates are probabilities per call
/// (per fill for dropped notices). Errors and 429s happen before a call takes effect; a timeout after
/// accept happens after the order was placed, so the caller does not know but the venue does.
/// </summary>
/// <param name="ErrorRate">Calls fail with <see cref="ExchangeUnavailableException"/> and change nothing.</param>
/// <param name="RateLimitRate">Calls fail with <see cref="ExchangeRateLimitedException"/> carrying <paramref name="RetryAfter"/>.</param>
/// <param name="TimeoutAfterAcceptRate">PlaceOrder takes effect, then waits <paramref name="TimeoutAfter"/> and throws <see cref="ExchangeTimeoutException"/>.</param>
/// <param name="DropFillNoticeRate">A fill happens and is in GetFillsAsync, but its FillNotice is never published.</param>
/// <param name="FeedStalled">While true the stream publishes nothing (its Seq keeps counting, so a resumed stream shows a gap).</param>
/// <param name="Latency">Every call waits this long on the injected TimeProvider before it does anything.</param>
public sealed record FaultSettings(
    double ErrorRate = 0,
    double RateLimitRate = 0,
    TimeSpan? RetryAfter = null,
    double TimeoutAfterAcceptRate = 0,
    TimeSpan? TimeoutAfter = null,
    double DropFillNoticeRate = 0,
    bool FeedStalled = false,
    TimeSpan Latency = default)
{
    public static readonly FaultSettings None = new();

    public TimeSpan TimeoutAfterOrDefault => TimeoutAfter ?? TimeSpan.FromSeconds(10);
}

/// <summary>What became of one PlaceOrder call, as the order log records it.</summary>
public enum OrderLogOutcome { Placed, Duplicate, Rejected, Unavailable, RateLimited, PlacedThenTimedOut }

/// <summary>
/// One PlaceOrder call as the venue received it: the independent witness tests read to count orders
/// (e.g. that a retried client order id never became a second order).
/// </summary>
public sealed record OrderLogEntry(
    ClientOrderId ClientOrderId, OrderRequest Request, DateTimeOffset At, OrderLogOutcome Outcome, string? OrderId, string? Detail);
