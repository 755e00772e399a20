using Precog.Domain.Values;

namespace Precog.Domain.Risk;

/// <summary>The risk manager admitted an entry and sized it: the exposure it holds until the position ends.</summary>
public sealed record EntryAdmitted(
    PositionId Position, string Platform, MarketTicker Ticker, Side Side, Quantity Quantity, Price Price, Money Cost, string Strategy,
    string? League, string? ExternalGameId, DateTimeOffset At) : IPrecogEvent;

/// <summary>A position ended (closed, settled, or never filled): its exposure is released and its result counted.</summary>
public sealed record ExposureReleased(PositionId Position, Money RealizedPnl, string Reason, DateTimeOffset At) : IPrecogEvent;
