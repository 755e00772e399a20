using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Precog.Actors.Metrics;
using Precog.Actors.Gateway;
using Precog.Domain;
using Precog.Domain.Exits;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges;

using Precog.Actors.Time;

namespace Precog.Actors.Positions;

/// <summary>What a position needs from its node: the gateway, the clock, the rules' settings, where to publish, a source of client order ids.</summary>
public sealed record PositionEnvironment(IActorRef Gateway, TimeProvider Time, TradingSettings Settings, Func<ClientOrderId> NewOrderId)
{
    /// <summary>Subscribes the position to its market's quotes (the DistributedPubSub mediator on a node; nothing in unit tests).</summary>
    public Action<IActorContext, string>? Subscribe { get; init; }

    /// <summary>Where gave-up exits are announced (the alert router on a node).</summary>
    public IActorRef? Notices { get; init; }

    /// <summary>The risk manager, told when the position ends so its exposure is released, and of its P&amp;L at each mark.</summary>
    public IActorRef? Risk { get; init; }

    /// <summary>How the position hears breaker states (the daily-loss breaker forces every position out at CRITICAL).</summary>
    public Breakers.BreakerTopic? Breakers { get; init; }

    /// <summary>
    /// The markets (their shard region). A position that has just subscribed (opened, or recovered) asks its market how it
    /// stands: a market that settled before the subscription (a node restarted as its markets settled) sent its notice to
    /// nobody, and the answer settles the position.
    /// </summary>
    public IActorRef? Markets { get; init; }

    /// <summary>
    /// On a cluster: a subscription to a market on another node reaches it only with the next gossip of DistributedPubSub,
    /// so the position takes the quote of its market's answer, and asks once more after a gossip. Off on a single node,
    /// whose subscriptions take effect at once (and whose virtual-time day stays as it was).
    /// </summary>
    public bool CatchUpQuotes { get; init; }
}

/// <summary>
/// One position (persistence id <c>position-UUID</c>): its entry order, its marks, trailing stop and exit
/// conditions, and the exit-attempt machine. Every decision is persisted before it acts: an order's client
/// order id is in the journal before the order is sent, and after a restart the position asks the venue
/// about every order in flight before deciding anything, so it never sends one twice.
/// </summary>
public sealed class PositionActor : ClockedPersistentActor
{
    private const string EntryTimer = "entry-timeout";
    private const string CheckTimer = "exit-check";

    private readonly PositionEnvironment _env;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private PositionRecord _record = PositionRecord.Empty;
    private QuoteUpdated? _quote;
    private MarketInputs _inputs = MarketInputs.Unknown;
    private bool _marketOpen = true; // a closed market takes no orders: the position waits for its settlement
    private Breakers.BreakerBoard _breakers = Actors.Breakers.BreakerBoard.Empty;
    private decimal? _pnlReported;

    public PositionActor(PositionId id, PositionEnvironment env)
    {
        _env = env;
        PersistenceId = $"position-{id}";
        Recover<IPrecogEvent>(e => _record = _record.Apply(e));
        Recover<RecoveryCompleted>(_ => Recovered());

        Command<OpenPosition>(Open);
        Command<QuoteUpdated>(OnQuote);
        Command<MarketInputsChanged>(m => _inputs = m.Inputs with { DailyLossBreakerOpen = _inputs.DailyLossBreakerOpen });
        Command<Breakers.BreakerStateChanged>(OnBreaker);
        Command<Akka.Cluster.Tools.PublishSubscribe.SubscribeAck>(_ => { });
        Command<Markets.MarketView>(v =>
        {
            // a settled market settles the position that asks: its notice on the topic may have gone out before the
            // position subscribed (a node restarted after its markets settled)
            if (v.Status == Domain.Markets.MarketStatus.Settled && v.YesSettlement is { } pays && _record.Opened is { } o && o.Ticker == v.Ticker && o.Platform == v.Platform)
            {
                Settle(pays);
                return;
            }
            // the market's quote when asked (on a cluster): taken unless a newer one has come through the topic since
            if (_env.CatchUpQuotes && v.Quote is { } q && (_quote is null || q.At > _quote.At)) OnQuote(q);
        });
        Command<CatchUpQuote>(_ => AskQuote());
        Command<CheckExits>(_ => Evaluate());
        Command<EntryTimedOut>(_ => EntryTimeout());
        Command<ExitAttemptDue>(d => Decide(m => m.OnDeadline(d.Attempt, Now)));
        Command<DeferredSend>(d =>
        {
            // sent only while it is still the planned, unsent attempt (a trigger or a report may have moved the exit on)
            if (_record.Exits?.Active?.Attempt is { Phase: AttemptPhase.Planned } a && a.Number == d.Send.Attempt && a.ClientOrderId == d.Send.ClientOrderId)
            {
                if (_settlementDue is { } due) Settle(due, answered: true); // the market settled meanwhile: this order never left
                else Carry(d.Send with { NotBefore = null });
            }
        });
        Command<OrderReport>(OnReport);
        Command<OrderNotFound>(OnNotFound);
        Command<OrderRejected>(OnRejected);
        Command<OrderOutcomeUnknown>(OnUnknown);
        Command<SettleMarket>(s => Settle(s.YesSettlement));
        Command<Markets.MarketStatusNotice>(n =>
        {
            if (_record.Opened is { } o && o.Platform == n.Platform && o.Ticker == n.Ticker) _marketOpen = n.Status == Domain.Markets.MarketStatus.Open;
        });
        Command<Markets.MarketSettledNotice>(n =>
        {
            if (_record.Opened is { } o && o.Platform == n.Platform && o.Ticker == n.Ticker) Settle(n.YesSettlement);
        });
        Command<GetPosition>(_ => Sender.Tell(_record));
        Command<GetPositionSnapshot>(q => Sender.Tell(new PositionSnapshot(q.Position, _record, _quote)));
    }

    public override string PersistenceId { get; }

    protected override TimeProvider TimerClock => _env.Time;



    protected override void PreStart()
    {
        _env.Breakers?.Subscribe(Self); // asks every breaker for its state too: a position started after a trip learns it
        base.PreStart();
    }

    public static Props Props(PositionId id, PositionEnvironment env) => Akka.Actor.Props.Create(() => new PositionActor(id, env));

    private DateTimeOffset Now => _env.Time.GetUtcNow();

    private sealed record CheckExits;
    private sealed record EntryTimedOut;
    private sealed record ExitAttemptDue(int Attempt);
    private sealed record DeferredSend(SendExitOrder Send);

    // ---- entry ----------------------------------------------------------------------------------------------

    private void Open(OpenPosition o)
    {
        if (_record.Opened is not null)
        {
            _log.Warning("Position {0} is already open; OpenPosition ignored", o.Position);
            return;
        }
        var at = Now;
        var id = _env.NewOrderId();
        var opened = new PositionOpened(o.Position, o.Platform, o.Ticker, o.Side, o.Quantity, o.LimitPrice, o.Strategy, o.Model, o.Method, o.Tier,
            _env.Settings.TrailingStop, at);
        var planned = new EntryOrderPlanned(o.Position, id, o.Quantity, o.LimitPrice, at);
        PersistThen([opened, planned], () =>
        {
            SubscribeToMarket(o.Platform, o.Ticker);
            SendEntry();
            Timers.StartSingle(EntryTimer, new EntryTimedOut(), _env.Settings.Entry.OrderTimeout);
        });
    }

    private void SendEntry()
    {
        var o = _record.Opened!;
        var e = _record.Entry!;
        _env.Gateway.Tell(new PlaceOrder(o.Position, new OrderRequest(e.ClientOrderId, o.Platform, o.Ticker, o.Side, OrderAction.Buy, e.Quantity, e.Limit,
            TimeInForce.GoodTillCanceled)));
    }

    private void EntryTimeout()
    {
        if (_record.Entry is not { Done: false } e) return;
        var o = _record.Opened!;
        if (e.OrderId is { } id) _env.Gateway.Tell(new CancelOrder(o.Position, e.ClientOrderId, id, o.Platform, o.Ticker));
        else _env.Gateway.Tell(new QueryOrder(o.Position, e.ClientOrderId, o.Platform));
    }

    private void OnEntryReport(VenueOrder order)
    {
        var o = _record.Opened!;
        var entry = _record.Entry!;
        var events = new List<IPrecogEvent>();
        if (entry.OrderId is null) events.Add(new OrderAcknowledged(o.Position, order.ClientOrderId, order.OrderId, Now));
        events.AddRange(order.Fills.Where(f => !_record.Trades.Contains(f.TradeId)).Select(f =>
            (IPrecogEvent)new FillRecorded(o.Position, order.ClientOrderId, f.OrderId, f.TradeId, OrderAction.Buy, f.Quantity, f.PriceOf(o.Side), f.Fee, f.IsTaker, f.At)));
        var filled = entry.Filled + new Quantity(order.Fills.Where(f => !_record.Trades.Contains(f.TradeId)).Sum(f => f.Quantity.Value));
        var over = !entry.Done && (filled >= entry.Quantity || order.Status != VenueOrderStatus.Resting);
        if (over) events.Add(new EntryCompleted(o.Position, filled, Now));
        if (over && filled.IsZero) events.Add(new PositionClosed(o.Position, entry.Limit, _record.Realized, "entry not filled", Now));
        PersistThen(events, () =>
        {
            if (!over)
            {
                // still resting past its timeout (the answer to a query after the timer fired): cancel the rest now.
                // A late or repeated report of an entry already over asks for nothing: cancelling again would only
                // bring another report, and another cancel, without end.
                // The timeout's own message may be waiting behind this write (stashed during it): it is cancelled, this cancel is its work.
                if (!entry.Done && order.Status == VenueOrderStatus.Resting && Now >= entry.PlannedAt + _env.Settings.Entry.OrderTimeout)
                {
                    Timers.Cancel(EntryTimer);
                    _env.Gateway.Tell(new CancelOrder(o.Position, order.ClientOrderId, order.OrderId, o.Platform, o.Ticker));
                }
                return;
            }
            Timers.Cancel(EntryTimer);
            if (!filled.IsZero) Evaluate();
        });
    }

    // ---- marks and exits ------------------------------------------------------------------------------------

    /// <summary>The daily-loss breaker's state is an exit input: while it is open, the circuit_breaker condition fires (CRITICAL).</summary>
    private void OnBreaker(Breakers.BreakerStateChanged change)
    {
        _breakers = _breakers.Apply(change);
        if (_inputs.DailyLossBreakerOpen == _breakers.ExitAll) return;
        _inputs = _inputs with { DailyLossBreakerOpen = _breakers.ExitAll };
        Evaluate();
    }

    /// <summary>Tells the risk manager the position's P&amp;L at this mark (realized so far + held at the bid) when it moved by a cent.</summary>
    private void ReportPnl(BookTop book)
    {
        var pnl = Money.Round(_record.Realized.Value + _record.Held.Value * (book.Bid.Value - _record.Rules!.View.Entry.Value));
        if (_pnlReported is { } last && Math.Abs(last - pnl.Value) < 0.01m) return;
        _pnlReported = pnl.Value;
        _env.Risk?.Tell(new Risk.PositionMarked(_record.Opened!.Position, pnl, Now));
    }

    private sealed record CatchUpQuote;

    private void SubscribeToMarket(string platform, MarketTicker ticker)
    {
        _env.Subscribe?.Invoke(Context, Topics.Market(platform, ticker.Value));
        if (_env.Markets is null) return;
        AskQuote();
        if (_env.CatchUpQuotes) Timers.StartSingle(nameof(CatchUpQuote), new CatchUpQuote(), QuoteCatchUp);
    }

    /// <summary>Longer than DistributedPubSub's gossip interval (1 s): by then the market's node knows the subscription.</summary>
    private static readonly TimeSpan QuoteCatchUp = TimeSpan.FromSeconds(2);

    private void AskQuote()
    {
        if (_record.Opened is { } o) _env.Markets?.Tell(new Markets.GetMarket(o.Platform, o.Ticker));
    }

    private void OnQuote(QuoteUpdated q)
    {
        if (_record.Opened is not { } o || q.Ticker != o.Ticker || q.Platform != o.Platform) return;
        _quote = q;
        Evaluate();
    }

    /// <summary>Marks the position, moves its trailing stop, evaluates the ten conditions and hands a trigger to the exit machine.</summary>
    private void Evaluate()
    {
        if (_quote is not { } q || !_marketOpen || !_record.IsOpen || _record.Entry is not { Done: true } || _record.Held.IsZero) return;
        var book = q.For(_record.Opened!.Side);
        if (book.Bid.Value <= 0m) return; // no bid: nothing to mark at
        ReportPnl(book);
        var outcome = PositionMarking.OnMark(_record.Rules!, book, q.At, _inputs, _env.Settings.Exits);
        var events = new List<IPrecogEvent>();
        if (outcome.State.Trailing != _record.Rules!.Trailing)
            events.Add(new TrailingStopMoved(_record.Opened.Position, outcome.State.Trailing, q.At));
        var decision = outcome.Evaluation.Chosen is { } chosen
            ? _record.Exits!.OnTrigger(chosen, outcome.Evaluation.ConflictingTriggers.Select(t => t.Condition).ToList(), book, Now, _env.Settings.ExitExecution, _env.NewOrderId)
            : ExitDecision.Nothing;
        Timers.StartSingle(CheckTimer, new CheckExits(), ExitRules.NextCheckIn(outcome.Context, _env.Settings.Exits));
        Decide(new ExitDecision([.. events, .. decision.Events], decision.Effects));
    }

    private BookTop CurrentBook => _quote?.For(_record.Opened!.Side) ?? new BookTop(Price.Zero, Price.One, 0);

    private void Decide(Func<ExitMachine, ExitDecision> decide)
    {
        if (_record.Exits is { } machine) Decide(decide(machine));
    }

    /// <summary>Persists the decision's events, then carries out its effects, then closes the position if nothing is left.</summary>
    private void Decide(ExitDecision decision) => PersistThen(decision.Events, () =>
    {
        // the market settled while an order of the exit was out: now that the venue has answered for it, settle instead
        // of sending the next one (a settled market takes no order)
        if (_settlementDue is { } due && !ExitOrderMayBeOut(sentOnly: false, decision))
        {
            Settle(due, answered: true);
            return;
        }
        foreach (var effect in decision.Effects) Carry(effect);
        CloseIfEmpty();
    });

    private void Carry(ExitEffect effect)
    {
        var o = _record.Opened!;
        switch (effect)
        {
            case SendExitOrder { NotBefore: { } notBefore } s when notBefore > Now:
                Timers.StartSingle($"send-{s.Attempt}", new DeferredSend(s), notBefore - Now);
                break;
            case SendExitOrder s:
                _env.Gateway.Tell(new PlaceOrder(o.Position, new OrderRequest(s.ClientOrderId, o.Platform, o.Ticker, o.Side, OrderAction.Sell, s.Quantity, s.Limit,
                    s.OrderType == ExitOrderType.Market ? TimeInForce.ImmediateOrCancel : TimeInForce.GoodTillCanceled)));
                break;
            case CancelExitOrder c:
                _env.Gateway.Tell(new CancelOrder(o.Position, c.ClientOrderId, c.OrderId, o.Platform, o.Ticker));
                break;
            case QueryExitOrder q:
                _env.Gateway.Tell(new QueryOrder(o.Position, q.ClientOrderId, o.Platform));
                break;
            case ArmExitTimer t:
                var wait = t.At - Now;
                Timers.StartSingle($"exit-{t.Attempt}", new ExitAttemptDue(t.Attempt), wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                break;
            case ExitGaveUp g:
                _log.Warning("Position {0}: the {1} exit gave up with {2} unsold: {3}", o.Position, g.Trigger.Condition.ToWire(), g.Unsold, g.Reason);
                _env.Notices?.Tell(new ExitGaveUpNotice(o.Position, o.Ticker, g.Trigger.Condition.ToWire(), g.Unsold, g.Reason));
                break;
        }
    }

    /// <summary>All sold and no exit in flight: the position closes at its last exit's price with its realized P&amp;L.</summary>
    private void CloseIfEmpty()
    {
        if (!_record.IsOpen || _record.Entry is not { Done: true } || !_record.Held.IsZero || _record.Exits?.Active is not null) return;
        var o = _record.Opened!;
        var last = _record.LastExit;
        PersistThen([new PositionClosed(o.Position, last?.AveragePrice ?? o.LimitPrice, _record.Realized, last?.Condition.ToWire() ?? "sold", Now)], () => Timers.CancelAll());
    }

    // ---- answers of the gateway -----------------------------------------------------------------------------

    private bool IsEntry(ClientOrderId id) => _record.Entry?.ClientOrderId == id;

    private void OnReport(OrderReport r)
    {
        if (IsEntry(r.ClientOrderId)) OnEntryReport(r.Order);
        else Decide(m => m.OnOrderReport(r.Order, CurrentBook, Now, _env.Settings.ExitExecution, _env.NewOrderId));
    }

    /// <summary>The venue never saw the order: sending it again with the same client order id cannot make a second one.</summary>
    private void OnNotFound(OrderNotFound r)
    {
        if (IsEntry(r.ClientOrderId))
        {
            if (_record.Entry is { Done: false }) SendEntry();
        }
        else Decide(m => m.OnQueryResult(r.ClientOrderId, null, CurrentBook, Now, _env.Settings.ExitExecution, _env.NewOrderId));
    }

    private void OnRejected(OrderRejected r)
    {
        if (IsEntry(r.ClientOrderId))
        {
            if (_record.Entry is not { Done: false } e) return;
            var o = _record.Opened!;
            _log.Warning("Position {0}: the entry order was refused: {1}", o.Position, r.Reason);
            IPrecogEvent[] events = e.Filled.IsZero
                ? [new EntryCompleted(o.Position, e.Filled, Now), new PositionClosed(o.Position, e.Limit, _record.Realized, $"entry refused: {r.Reason}", Now)]
                : [new EntryCompleted(o.Position, e.Filled, Now)];
            PersistThen(events, () => Timers.Cancel(EntryTimer));
        }
        else Decide(m => m.OnRejected(r.ClientOrderId, r.Reason, CurrentBook, Now, _env.Settings.ExitExecution, _env.NewOrderId));
    }

    private void OnUnknown(OrderOutcomeUnknown r)
    {
        if (IsEntry(r.ClientOrderId)) _env.Gateway.Tell(new QueryOrder(r.Position, r.ClientOrderId, _record.Opened!.Platform));
        else Decide(m => m.OnTimeout(r.ClientOrderId, r.Reason, Now));
    }

    // ---- settlement and recovery ----------------------------------------------------------------------------

    /// <summary>A settlement waiting for an exit order the venue has not answered for (not journaled: the market is asked again after a restart).</summary>
    private Price? _settlementDue;

    /// <summary>
    /// Whether the exit's current attempt may have an order at the venue: acknowledged, cancelling or unknown, or planned
    /// and handed to the gateway. A planned attempt whose send waits on its timer has not left (<paramref name="sentOnly"/>),
    /// and neither has one a decision just planned (its send is among the decision's effects, not yet carried).
    /// </summary>
    private bool ExitOrderMayBeOut(bool sentOnly, ExitDecision? planning = null) => _record.Exits?.Active?.Attempt switch
    {
        null => false,
        { Phase: AttemptPhase.Planned } a => planning is not null
            ? !planning.Effects.OfType<SendExitOrder>().Any(e => e.Attempt == a.Number) && !Timers.IsActive($"send-{a.Number}")
            : !(sentOnly && Timers.IsActive($"send-{a.Number}")),
        _ => true,
    };

    /// <summary>The market settled: what is held pays 1, 0 or 0.5 per contract of its side (TRADING_RULES.md conventions).</summary>
    /// <param name="answered">The exit's last order is answered for (or never left): settle whatever attempt the exit has planned.</param>
    private void Settle(Price yesSettlement, bool answered = false)
    {
        if (!_record.IsOpen || _record.Opened is not { } o) return;
        // an exit order that may be at the venue sells first: its fills are still to come (after a restart the gateway is
        // still asking the venue about it), and settling now would pay out contracts it sold. Settled when it is answered.
        if (!answered && ExitOrderMayBeOut(sentOnly: true))
        {
            if (_settlementDue is null) _log.Info("Position {0}: {1} settled while exit attempt {2} may be at the venue; settling once the venue has answered for it",
                o.Position, o.Ticker, _record.Exits!.Active!.Attempt!.Number);
            _settlementDue = yesSettlement;
            return;
        }
        var price = o.Side == Side.Yes ? yesSettlement : yesSettlement.Complement;
        var held = _record.Held;
        // an exit still in flight has sold some: its P&L is counted at its completion, which will not come now
        var exiting = _record.Exits?.Active?.RealizedPnl.Value ?? 0m;
        var pnl = Money.Round(_record.Realized.Value + exiting + held.Value * (price.Value - _record.Rules!.View.Entry.Value));
        _log.Info("Position {0}: {1} settled, {2} {3} held paid {4}, realized {5}", o.Position, o.Ticker, held, o.Side, price, pnl);
        PersistThen([new PositionSettled(o.Position, price, pnl, Now)], () => Timers.CancelAll());
    }

    /// <summary>
    /// After a restart: every order in flight is asked about first; nothing is sent before the venue answers. A
    /// position that sold everything but died before recording its close closes now; one that ended tells the
    /// risk manager again (it ignores a repeat), in case the node died before it could.
    /// </summary>
    private void Recovered()
    {
        if (_record.Opened is not { } o) return;
        if (!_record.IsOpen)
        {
            TellRiskEnded();
            return;
        }
        SubscribeToMarket(o.Platform, o.Ticker);
        if (_record.Entry is { Done: false } e)
        {
            _env.Gateway.Tell(new QueryOrder(o.Position, e.ClientOrderId, o.Platform));
            var left = e.PlannedAt + _env.Settings.Entry.OrderTimeout - Now;
            Timers.StartSingle(EntryTimer, new EntryTimedOut(), left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        foreach (var effect in _record.Exits!.OnRecovered().Effects) Carry(effect);
        CloseIfEmpty();
    }

    private void TellRiskEnded()
    {
        switch (_record.Ended)
        {
            case PositionClosed c: _env.Risk?.Tell(new Risk.PositionEnded(c.Position, c.RealizedPnl, c.Reason, c.At)); break;
            case PositionSettled s: _env.Risk?.Tell(new Risk.PositionEnded(s.Position, s.RealizedPnl, "settlement", s.At)); break;
        }
    }

    private DateTimeOffset? _exitTriggeredAt; // this incarnation's: an exit triggered before a restart is not timed

    /// <summary>The exit latency histogram: from an exit's trigger to its completion, on the engine's clock.</summary>
    private void Measure(IPrecogEvent e)
    {
        switch (e)
        {
            case ExitTriggered t:
                _exitTriggeredAt = t.At;
                break;
            case ExitCompleted c when _exitTriggeredAt is { } at:
                PrecogMetrics.ExitLatency.Record((c.At - at).TotalSeconds, PrecogMetrics.Tag("condition", c.Condition.ToWire()));
                _exitTriggeredAt = null;
                break;
        }
    }

    private void PersistThen(IReadOnlyList<IPrecogEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            return;
        }
        var left = events.Count;
        var started = PrecogMetrics.Start();
        PersistAll(events, e =>
        {
            _record = _record.Apply(e);
            Measure(e);
            if (e is PositionClosed or PositionSettled) TellRiskEnded();
            if (--left != 0) return;
            PrecogMetrics.JournalWriteLatency.Record(PrecogMetrics.ElapsedMs(started), PrecogMetrics.Tag("actor", "position"));
            then();
        });
    }
}
