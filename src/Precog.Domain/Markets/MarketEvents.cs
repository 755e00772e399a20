using Precog.Domain.Entry;
using Precog.Domain.Values;

namespace Precog.Domain.Markets;

/// <summary>A market's status on its venue.</summary>
public enum MarketStatus { Open, Closed, Settled }

/// <summary>A market first seen: what it is and where it belongs.</summary>
public sealed record MarketListed(
    string Platform, MarketTicker Ticker, string EventTicker, string? SeriesTicker, string Title, string MarketType,
    DateTimeOffset? ExpectedExpiration, DateTimeOffset At) : IPrecogEvent;

/// <summary>The top of the book moved (persisted at most once per coalescing interval; see DESIGN.md).</summary>
public sealed record QuoteChanged(
    string Platform, MarketTicker Ticker, Price YesBid, Price YesAsk, Price NoBid, Price NoAsk,
    Quantity YesBidSize, Quantity NoBidSize, long? Volume, long? OpenInterest, DateTimeOffset At) : IPrecogEvent;

public sealed record MarketStatusChanged(string Platform, MarketTicker Ticker, MarketStatus Status, DateTimeOffset At) : IPrecogEvent;

/// <summary>The market settled: YES pays <paramref name="YesSettlement"/> (1, 0, or 0.5 on a tie).</summary>
public sealed record MarketSettled(string Platform, MarketTicker Ticker, Price YesSettlement, DateTimeOffset At) : IPrecogEvent;

public sealed record MarketLinkedToGame(string Platform, MarketTicker Ticker, string League, string ExternalGameId, DateTimeOffset At) : IPrecogEvent;

/// <summary>One strategy/model version's view of one side of a market.</summary>
public sealed record EdgeReading(
    string Strategy, string Model, Side Side, Probability ModelProbability, Price MarketPrice, decimal Edge, ConfidenceTier Confidence);

/// <summary>The edges of every active strategy/model version, recomputed on a quote or game change.</summary>
public sealed record EdgesUpdated(string Platform, MarketTicker Ticker, IReadOnlyList<EdgeReading> Edges, DateTimeOffset At) : IPrecogEvent;
