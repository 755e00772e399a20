using System.Collections.Immutable;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Domain.Exits;

/// <summary>Where the current attempt's order stands, as far as the position knows.</summary>
public enum AttemptPhase
{
    /// <summary>Decided and persisted with its client order id; the venue has not acknowledged it yet.</summary>
    Planned,
    /// <summary>Acknowledged by the venue with an order id; waiting for fills until its deadline.</summary>
    Resting,
    /// <summary>Its wait ran out: a cancel is on its way.</summary>
    Cancelling,
    /// <summary>A call about it timed out: only the venue can say what became of it.</summary>
    Unknown,
}

/// <summary>The order of one attempt: what it sells, at what limit, under which client order id.</summary>
public sealed record ExitAttemptState(
    int Number, ExitPriority Priority, ExitOrderType OrderType, Price Limit, Quantity Quantity, ClientOrderId ClientOrderId, TimeSpan Wait,
    DateTimeOffset PlannedAt, AttemptPhase Phase, string? OrderId, Quantity Filled, decimal FilledValue)
{
    public DateTimeOffset Deadline => PlannedAt + Wait;
}

/// <summary>
/// One exit in progress: its trigger, what it has sold (and for how much), its current attempt, and a
/// higher-priority trigger waiting for the current order to be cancelled.
/// </summary>
/// <param name="Attempts">How many attempts this exit has planned; <paramref name="LastLimit"/> is the limit of the latest, which a walk starts from.</param>
public sealed record ExitInProgress(
    ExitTrigger Trigger, Quantity Sold, decimal Proceeds, Money RealizedPnl, string? LastTradeId, ExitAttemptState? Attempt, int Attempts, Price? LastLimit,
    int Rejections, ExitTrigger? Preempting, ImmutableHashSet<ClientOrderId> Orders)
{
    public static ExitInProgress Start(ExitTrigger trigger) => new(trigger, Quantity.Zero, 0m, Money.Zero, null, null, 0, null, 0, null, []);

    public Quantity Unsold => Trigger.Quantity - Quantity.Min(Sold, Trigger.Quantity);

    /// <summary>Value equality, the order ids included (a set compares by its members), so a replayed exit equals the live one.</summary>
    public bool Equals(ExitInProgress? other) =>
        other is not null && Trigger == other.Trigger && Sold == other.Sold && Proceeds == other.Proceeds && RealizedPnl == other.RealizedPnl
        && LastTradeId == other.LastTradeId && Attempt == other.Attempt && Attempts == other.Attempts && LastLimit == other.LastLimit
        && Rejections == other.Rejections && Preempting == other.Preempting && Orders.SetEquals(other.Orders);

    public override int GetHashCode() => HashCode.Combine(Trigger, Sold, Attempt, Attempts, Orders.Count);
}

/// <summary>An order as the venue reports it, with every fill it has had so far.</summary>
public enum VenueOrderStatus { Resting, Canceled, Executed }

/// <summary>
/// One fill of an order, its <paramref name="Price"/> quoted in <paramref name="PriceSide"/>'s terms. That side is the
/// venue's reading, which need not be the position's: Kalshi V2 cannot tell buying YES from selling NO, so a client
/// that no longer knows what it asked (a restarted node reading an earlier node's order) reads a NO position's sale
/// as a YES purchase at the YES price. The price is exact either way; <see cref="PriceOf"/> turns it to the holder's side.
/// </summary>
public sealed record VenueFill(string TradeId, string OrderId, Quantity Quantity, Price Price, Side PriceSide, Money Fee, bool IsTaker, DateTimeOffset At)
{
    /// <summary>The price one contract of <paramref name="held"/> traded at.</summary>
    public Price PriceOf(Side held) => held == PriceSide ? Price : Price.Complement;
}

public sealed record VenueOrder(string OrderId, ClientOrderId ClientOrderId, VenueOrderStatus Status, IReadOnlyList<VenueFill> Fills);

/// <summary>What the position actor must do once the decision's events are persisted.</summary>
public abstract record ExitEffect;

/// <summary>Send the attempt's order: an IOC for a market order, a resting limit otherwise. A resend reuses the client order id.</summary>
/// <param name="NotBefore">Set on a market order repeated after one that found no buyer for the rest: it is sent at that moment, not at once
/// (the attempt is planned, its client order id on disk, meanwhile).</param>
public sealed record SendExitOrder(int Attempt, ClientOrderId ClientOrderId, ExitOrderType OrderType, Price Limit, Quantity Quantity, DateTimeOffset? NotBefore = null)
    : ExitEffect;

public sealed record CancelExitOrder(int Attempt, ClientOrderId ClientOrderId, string OrderId) : ExitEffect;

/// <summary>Ask the venue what became of this client order id (and its fills).</summary>
public sealed record QueryExitOrder(int Attempt, ClientOrderId ClientOrderId) : ExitEffect;

/// <summary>Wake the machine when the attempt's wait runs out (timers are keyed by attempt: a late one is ignored).</summary>
public sealed record ArmExitTimer(int Attempt, DateTimeOffset At) : ExitEffect;

/// <summary>The schedule ran out (MEDIUM, LOW) or the venue keeps refusing: alert, and the position stays open with what is unsold.</summary>
public sealed record ExitGaveUp(ExitTrigger Trigger, Quantity Unsold, string Reason) : ExitEffect;

/// <summary>The events to persist, then the effects to carry out.</summary>
public sealed record ExitDecision(IReadOnlyList<IPrecogEvent> Events, IReadOnlyList<ExitEffect> Effects)
{
    public static readonly ExitDecision Nothing = new([], []);
}

/// <summary>
/// The exit-attempt state machine of TRADING_RULES.md §4 and DESIGN.md, as pure functions over an immutable
/// state built only from persisted events (<see cref="Apply"/>), so a recovered position stands exactly where
/// it stood. Each decision returns events (persisted first: an order's client order id is on disk before the
/// order is sent) and effects. Fills are counted by trade id, once, from whatever report carries them.
/// </summary>
public sealed record ExitMachine(PositionId Position, Side Side, Price Entry, Quantity Held, ExitInProgress? Active, ImmutableHashSet<string> Trades)
{
    /// <summary>Consecutive refusals of the venue after which an exit gives up (a closed market refuses every order).</summary>
    public const int MaxRejections = 3;

    public static ExitMachine For(PositionId position, Side side, Price entry, Quantity held) => new(position, side, entry, held, null, []);

    // ---- state: built from events only ---------------------------------------------------------------------

    public ExitMachine Apply(IPrecogEvent e) => e switch
    {
        ExitTriggered t when Active is null => this with { Active = ExitInProgress.Start(new ExitTrigger(t.Condition, t.Priority, t.Quantity, t.Reason, t.Stage)) },
        ExitTriggered t => this with { Active = Active with { Preempting = new ExitTrigger(t.Condition, t.Priority, t.Quantity, t.Reason, t.Stage) } },
        ExitAttemptPlanned p when Active is not null => this with
        {
            Active = Active with
            {
                Attempt = new ExitAttemptState(p.AttemptNumber, p.Priority, p.OrderType, p.LimitPrice, p.Quantity, p.ClientOrderId, p.Timeout, p.At,
                    AttemptPhase.Planned, null, Quantity.Zero, 0m),
                Attempts = p.AttemptNumber,
                LastLimit = p.LimitPrice,
                Orders = Active.Orders.Add(p.ClientOrderId),
            },
        },
        OrderAcknowledged a when Active?.Attempt is { } at && at.ClientOrderId == a.ClientOrderId => WithAttempt(at with
        {
            OrderId = a.ExchangeOrderId, Phase = at.Phase == AttemptPhase.Cancelling ? AttemptPhase.Cancelling : AttemptPhase.Resting,
        }),
        ExitCancelRequested c when Active?.Attempt is { } at && at.Number == c.AttemptNumber => WithAttempt(at with { Phase = AttemptPhase.Cancelling }),
        ExitOutcomeUnknown u when Active?.Attempt is { } at && at.Number == u.AttemptNumber => WithAttempt(at with { Phase = AttemptPhase.Unknown }),
        FillRecorded f when f.Action == OrderAction.Sell => ApplySell(f),
        // a buy averages into the entry price the exit's P&L is measured from
        FillRecorded f => this with
        {
            Entry = Held.IsZero ? f.Price : Price.Round((Entry.Value * Held.Value + f.Price.Value * f.Quantity.Value) / (Held.Value + f.Quantity.Value)),
            Held = Held + f.Quantity, Trades = Trades.Add(f.TradeId),
        },
        ExitAttemptResolved r when Active?.Attempt is { } at && at.Number == r.AttemptNumber => this with
        {
            Active = Active with { Attempt = null, Rejections = r.Outcome == ExitAttemptOutcome.Rejected ? Active.Rejections + 1 : 0 },
        },
        ExitCompleted => this with
        {
            Active = Active?.Preempting is { } next ? ExitInProgress.Start(next with { Quantity = Quantity.Min(next.Quantity, Held) }) : null,
        },
        _ => this,
    };

    private ExitMachine WithAttempt(ExitAttemptState attempt) => this with { Active = Active! with { Attempt = attempt } };

    private ExitMachine ApplySell(FillRecorded f)
    {
        var next = this with { Held = Held - Quantity.Min(f.Quantity, Held), Trades = Trades.Add(f.TradeId) };
        if (Active is not { } exit || !exit.Orders.Contains(f.ClientOrderId))
            return next; // a late fill of an exit already ended: the position holds less, the exit's record is closed
        var attempt = exit.Attempt is { } a && a.ClientOrderId == f.ClientOrderId
            ? a with { Filled = a.Filled + f.Quantity, FilledValue = a.FilledValue + f.Quantity.Value * f.Price.Value }
            : exit.Attempt;
        var pnl = (f.Price.Value - Entry.Value) * f.Quantity.Value - f.Fee.Value;
        return next with
        {
            Active = exit with
            {
                Sold = exit.Sold + f.Quantity, Proceeds = exit.Proceeds + f.Quantity.Value * f.Price.Value,
                RealizedPnl = Money.Round(exit.RealizedPnl.Value + pnl), LastTradeId = f.TradeId, Attempt = attempt,
            },
        };
    }

    // ---- decisions ------------------------------------------------------------------------------------------

    /// <summary>
    /// A condition fired. With no exit in flight it starts one (first order of its priority); a trigger of
    /// higher priority than the exit in flight preempts it (cancel, confirm, then plan anew); anything else
    /// waits, since one exit is in flight at a time.
    /// </summary>
    public ExitDecision OnTrigger(ExitTrigger trigger, IReadOnlyList<ExitConditionKind> conflicting, BookTop book, DateTimeOffset at,
        ExitExecutionSettings settings, Func<ClientOrderId> newOrderId)
    {
        if (Held.IsZero) return ExitDecision.Nothing;
        var triggered = new ExitTriggered(Position, trigger.Condition, trigger.Priority, Quantity.Min(trigger.Quantity, Held), trigger.Reason, trigger.Stage, conflicting, at);
        if (Active is null)
        {
            var first = ExitPlanner.FirstOrder(trigger.Priority, book, settings);
            return Plan([triggered], 1, trigger.Priority, first, triggered.Quantity, at, newOrderId);
        }
        if (trigger.Priority >= Active.Trigger.Priority || Active.Preempting is not null)
            return ExitDecision.Nothing;
        var decision = new ExitDecision([triggered], []);
        return Active.Attempt switch
        {
            { Phase: AttemptPhase.Resting, OrderId: { } id } a => decision.Then([new ExitCancelRequested(Position, a.Number, at)], [new CancelExitOrder(a.Number, a.ClientOrderId, id)]),
            { } => decision, // not acknowledged yet or cancelling: the preemption is carried out when the venue answers
            null => decision.Then(Apply(triggered).Continue(book, at, settings, newOrderId, "preempted")),
        };
    }

    /// <summary>The venue's report of an order of this position (an answer to send, cancel or query): new fills are recorded, then the machine moves on.</summary>
    public ExitDecision OnOrderReport(VenueOrder order, BookTop book, DateTimeOffset at, ExitExecutionSettings settings, Func<ClientOrderId> newOrderId)
    {
        var events = new List<IPrecogEvent>();
        var state = this;
        void Record(IPrecogEvent e)
        {
            events.Add(e);
            state = state.Apply(e);
        }
        foreach (var f in order.Fills.Where(f => !Trades.Contains(f.TradeId)))
            Record(new FillRecorded(Position, order.ClientOrderId, f.OrderId, f.TradeId, OrderAction.Sell, f.Quantity, f.PriceOf(Side), f.Fee, f.IsTaker, f.At));
        if (state.Active?.Attempt is not { } attempt || attempt.ClientOrderId != order.ClientOrderId)
            return new ExitDecision(events, []);
        if (attempt.Phase is AttemptPhase.Planned or AttemptPhase.Unknown)
            Record(new OrderAcknowledged(Position, order.ClientOrderId, order.OrderId, at));
        var decided = new ExitDecision(events, []);

        attempt = state.Active!.Attempt!;
        if (state.Active.Sold >= state.Active.Trigger.Quantity || state.Held.IsZero)
            return decided.Then(state.Finish(attempt, ExitAttemptOutcome.Filled, at, book, settings, newOrderId));
        if (order.Status == VenueOrderStatus.Resting)
        {
            // still resting: cancel it now if its wait is over or a higher priority waits for it
            if (attempt.Phase != AttemptPhase.Cancelling && (at >= attempt.Deadline || state.Active.Preempting is not null))
                return decided.Then([new ExitCancelRequested(Position, attempt.Number, at)], [new CancelExitOrder(attempt.Number, attempt.ClientOrderId, order.OrderId)]);
            return attempt.Phase == AttemptPhase.Cancelling ? decided : decided.Then([], [new ArmExitTimer(attempt.Number, attempt.Deadline)]);
        }
        // done at the venue (an IOC's rest cancelled, or our cancel confirmed) without selling the whole exit
        var outcome = attempt.Filled.IsZero ? ExitAttemptOutcome.Expired : ExitAttemptOutcome.PartiallyFilled;
        return decided.Then(state.Finish(attempt, outcome, at, book, settings, newOrderId));
    }

    /// <summary>An attempt's timer fired. A timer of an attempt that is no longer current is ignored.</summary>
    public ExitDecision OnDeadline(int attemptNumber, DateTimeOffset at)
    {
        if (Active?.Attempt is not { } a || a.Number != attemptNumber) return ExitDecision.Nothing;
        return a.Phase switch
        {
            AttemptPhase.Resting when a.OrderId is { } id => new ExitDecision([new ExitCancelRequested(Position, a.Number, at)], [new CancelExitOrder(a.Number, a.ClientOrderId, id)]),
            AttemptPhase.Cancelling when a.OrderId is { } id => new ExitDecision([], [new CancelExitOrder(a.Number, a.ClientOrderId, id)]),
            _ => new ExitDecision([], [new QueryExitOrder(a.Number, a.ClientOrderId)]), // never acknowledged: ask before anything else
        };
    }

    /// <summary>A send or cancel timed out: the outcome is unknown, so the venue is asked.</summary>
    public ExitDecision OnTimeout(ClientOrderId clientOrderId, string reason, DateTimeOffset at)
    {
        if (Active?.Attempt is not { } a || a.ClientOrderId != clientOrderId) return ExitDecision.Nothing;
        return new ExitDecision([new ExitOutcomeUnknown(Position, a.Number, reason, at)], [new QueryExitOrder(a.Number, a.ClientOrderId)]);
    }

    /// <summary>
    /// The venue answered a query. An order it never saw is sent again with the same client order id (the venue
    /// deduplicates, so this can never be a second order); one it has is handled like any report.
    /// </summary>
    public ExitDecision OnQueryResult(ClientOrderId clientOrderId, VenueOrder? order, BookTop book, DateTimeOffset at, ExitExecutionSettings settings, Func<ClientOrderId> newOrderId)
    {
        if (order is not null) return OnOrderReport(order, book, at, settings, newOrderId);
        if (Active?.Attempt is not { } a || a.ClientOrderId != clientOrderId) return ExitDecision.Nothing;
        return new ExitDecision([], [new SendExitOrder(a.Number, a.ClientOrderId, a.OrderType, a.Limit, a.Quantity), new ArmExitTimer(a.Number, a.Deadline)]);
    }

    /// <summary>The venue refused the attempt's order: it is over, and the schedule goes on (giving up after repeated refusals).</summary>
    public ExitDecision OnRejected(ClientOrderId clientOrderId, string reason, BookTop book, DateTimeOffset at, ExitExecutionSettings settings, Func<ClientOrderId> newOrderId)
    {
        if (Active?.Attempt is not { } a || a.ClientOrderId != clientOrderId) return ExitDecision.Nothing;
        var resolved = new ExitAttemptResolved(Position, a.Number, ExitAttemptOutcome.Rejected, a.Filled, null, a.OrderId, at);
        var state = Apply(resolved);
        return new ExitDecision([resolved], []).Then(state.Active!.Rejections >= MaxRejections
            ? state.GiveUp(at, $"the venue refused {MaxRejections} orders in a row, the last: {reason}")
            : state.Continue(book, at, settings, newOrderId, reason));
    }

    /// <summary>After a restart: every attempt in flight is asked about before anything else is decided.</summary>
    public ExitDecision OnRecovered() =>
        Active?.Attempt is { } a ? new ExitDecision([], [new QueryExitOrder(a.Number, a.ClientOrderId)]) : ExitDecision.Nothing;

    // ---- the schedule ---------------------------------------------------------------------------------------

    private ExitDecision Finish(ExitAttemptState attempt, ExitAttemptOutcome outcome, DateTimeOffset at, BookTop book, ExitExecutionSettings settings,
        Func<ClientOrderId> newOrderId)
    {
        var price = attempt.Filled.IsZero ? (Price?)null : Price.Round(attempt.FilledValue / attempt.Filled.Value);
        var resolved = new ExitAttemptResolved(Position, attempt.Number, outcome, attempt.Filled, price, attempt.OrderId, at);
        var state = Apply(resolved);
        var exit = state.Active!;
        if (exit.Sold >= exit.Trigger.Quantity || state.Held.IsZero)
            return new ExitDecision([resolved], []).Then(state.Complete(at));
        // a market order (IOC) that left some unsold found no more buyers at any price: the next one waits its wait
        return new ExitDecision([resolved], []).Then(state.Continue(book, at, settings, newOrderId, outcome.ToString().ToLowerInvariant(),
            paced: attempt.OrderType == ExitOrderType.Market));
    }

    /// <summary>The next order of the exit: the preempting trigger's first, the next walk, the fallback to market, or giving up.</summary>
    /// <param name="paced">The last attempt was a market order that did not sell everything: a repeated market order is sent once its
    /// wait has passed (TRADING_RULES.md §4's 5 s), not at once, or an empty book would be hit by an order per round trip until it refills.</param>
    private ExitDecision Continue(BookTop book, DateTimeOffset at, ExitExecutionSettings settings, Func<ClientOrderId> newOrderId, string why, bool paced = false)
    {
        var exit = Active!;
        if (exit.Preempting is not null)
        {
            var completed = Complete(at);
            var next = completed.Events.Aggregate(this, (s, e) => s.Apply(e));
            var trigger = next.Active!.Trigger;
            return completed.Then(next.Plan([], 1, trigger.Priority, ExitPlanner.FirstOrder(trigger.Priority, book, settings), trigger.Quantity, at, newOrderId));
        }
        // attempt n + 1 is walk n while the schedule has walks; after them, the fallback: a market order again
        // (CRITICAL, HIGH) or none, and the exit gives up (MEDIUM, LOW)
        var priority = exit.Trigger.Priority;
        var number = exit.Attempts + 1;
        var walk = number - 1;
        var order = walk <= settings.For(priority).WalksCents.Count
            ? ExitPlanner.Walk(priority, walk, exit.LastLimit ?? ExitPlanner.FirstOrder(priority, book, settings).Limit, book, settings)
            : ExitPlanner.Fallback(priority, settings);
        if (order is null)
            return GiveUp(at, $"the {priority.ToWire()} schedule ran out after {exit.Attempts} attempts ({why})");
        return Plan([], number, priority, order, Quantity.Min(exit.Unsold, Held), at, newOrderId,
            paced && order.OrderType == ExitOrderType.Market ? at + order.Wait : null);
    }

    private ExitDecision Plan(IReadOnlyList<IPrecogEvent> before, int number, ExitPriority priority, ExitOrder order, Quantity quantity, DateTimeOffset at,
        Func<ClientOrderId> newOrderId, DateTimeOffset? notBefore = null)
    {
        var id = newOrderId();
        var planned = new ExitAttemptPlanned(Position, number, priority, order.OrderType, order.Limit, quantity, id, order.Wait, at);
        var sent = notBefore ?? at;
        return new ExitDecision([.. before, planned],
            [new SendExitOrder(number, id, order.OrderType, order.Limit, quantity, notBefore), new ArmExitTimer(number, sent + order.Wait)]);
    }

    private ExitDecision Complete(DateTimeOffset at)
    {
        var exit = Active!;
        var average = exit.Sold.IsZero ? Price.Zero : Price.Round(exit.Proceeds / exit.Sold.Value);
        return new ExitDecision([new ExitCompleted(Position, exit.Trigger.Condition, exit.Trigger.Priority, exit.Sold, average, exit.RealizedPnl, exit.LastTradeId, at)], []);
    }

    private ExitDecision GiveUp(DateTimeOffset at, string reason)
    {
        var exit = Active!;
        return Complete(at).Then([], [new ExitGaveUp(exit.Trigger, exit.Unsold, reason)]);
    }
}

public static class ExitDecisionExtensions
{
    public static ExitDecision Then(this ExitDecision first, IReadOnlyList<IPrecogEvent> events, IReadOnlyList<ExitEffect> effects) =>
        new([.. first.Events, .. events], [.. first.Effects, .. effects]);

    public static ExitDecision Then(this ExitDecision first, ExitDecision next) => first.Then(next.Events, next.Effects);
}
