using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Values;

namespace Precog.Domain.Positions;

/// <summary>Whether an order bought or sold the side held.</summary>
public enum OrderAction { Buy, Sell }

/// <summary>How one exit attempt ended.</summary>
public enum ExitAttemptOutcome { Filled, PartiallyFilled, Expired, Cancelled, Rejected, GaveUp }

/// <summary>
/// A position was admitted: everything it was opened under, including the exact strategy, model and
/// method versions it is attributed to.
/// </summary>
public sealed record PositionOpened(
    PositionId Position, string Platform, MarketTicker Ticker, Side Side, Quantity TargetQuantity, Price LimitPrice,
    string Strategy, string Model, string? Method, ConfidenceTier Tier, TrailingStopSettings TrailingStop, DateTimeOffset At) : IPrecogEvent;

/// <summary>The entry order, persisted with its client_order_id before it is sent.</summary>
public sealed record EntryOrderPlanned(PositionId Position, ClientOrderId ClientOrderId, Quantity Quantity, Price LimitPrice, DateTimeOffset At) : IPrecogEvent;

/// <summary>A fill at the exchange: becomes exactly one trades row.</summary>
public sealed record FillRecorded(
    PositionId Position, ClientOrderId ClientOrderId, string ExchangeOrderId, string TradeId, OrderAction Action,
    Quantity Quantity, Price Price, Money Fee, bool IsTaker, DateTimeOffset At) : IPrecogEvent;

/// <summary>The trailing stop activated or moved up.</summary>
public sealed record TrailingStopMoved(PositionId Position, TrailingStopState State, DateTimeOffset At) : IPrecogEvent;

/// <summary>An exit condition fired; the others that fired with it are recorded as conflicting triggers.</summary>
public sealed record ExitTriggered(
    PositionId Position, ExitConditionKind Condition, ExitPriority Priority, Quantity Quantity, string Reason, int? Stage,
    IReadOnlyList<ExitConditionKind> ConflictingTriggers, DateTimeOffset At) : IPrecogEvent;

/// <summary>One exit attempt, persisted with its client_order_id before the order is sent.</summary>
public sealed record ExitAttemptPlanned(
    PositionId Position, int AttemptNumber, ExitPriority Priority, ExitOrderType OrderType, Price LimitPrice, Quantity Quantity,
    ClientOrderId ClientOrderId, TimeSpan Timeout, DateTimeOffset At) : IPrecogEvent;

public sealed record ExitAttemptResolved(
    PositionId Position, int AttemptNumber, ExitAttemptOutcome Outcome, Quantity FilledQuantity, Price? FillPrice, string? ExchangeOrderId,
    DateTimeOffset At) : IPrecogEvent;

public sealed record PositionClosed(PositionId Position, Price ExitPrice, Money RealizedPnl, string Reason, DateTimeOffset At) : IPrecogEvent;

/// <summary>The market settled while the position was open: it closes at 1, 0 or 0.5.</summary>
public sealed record PositionSettled(PositionId Position, Price SettlementPrice, Money RealizedPnl, DateTimeOffset At) : IPrecogEvent;

/// <summary>
/// One exit finished (its quantity sold, or the machine gave up after selling part of it): exactly one
/// position_exits row. <paramref name="LastTradeId"/> is the venue's trade id of its last fill.
/// </summary>
public sealed record ExitCompleted(
    PositionId Position, ExitConditionKind Condition, ExitPriority Priority, Quantity QuantityExited, Price AveragePrice, Money RealizedPnl,
    string? LastTradeId, DateTimeOffset At) : IPrecogEvent;

/// <summary>The venue acknowledged an order of the position (entry or exit) and gave it this id.</summary>
public sealed record OrderAcknowledged(PositionId Position, ClientOrderId ClientOrderId, string ExchangeOrderId, DateTimeOffset At) : IPrecogEvent;

/// <summary>The exit attempt's wait ran out and its resting order is being cancelled (persisted before the cancel is sent).</summary>
public sealed record ExitCancelRequested(PositionId Position, int AttemptNumber, DateTimeOffset At) : IPrecogEvent;

/// <summary>An order call of the attempt timed out: whether the venue took it is unknown until it is asked.</summary>
public sealed record ExitOutcomeUnknown(PositionId Position, int AttemptNumber, string Reason, DateTimeOffset At) : IPrecogEvent;

/// <summary>The entry order is over (filled, or its rest cancelled at the timeout): the position holds what it bought.</summary>
public sealed record EntryCompleted(PositionId Position, Quantity Filled, DateTimeOffset At) : IPrecogEvent;
