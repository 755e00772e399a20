using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Precog.Actors.Metrics;
using Precog.Actors.Alerts;
using Precog.Domain;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;

using Precog.Actors.Time;

namespace Precog.Actors.Breakers;

/// <summary>
/// One circuit breaker (kind + scope; persistence id breaker-{kind}-{scope}). Decides each signal with the Domain's
/// rules, journals the result, and only then changes state, publishes the new status and raises an alert. An open
/// api_failures breaker arms a timer that ticks it half-open when due, with no other traffic needed.
/// </summary>
public sealed class CircuitBreakerActor : ClockedPersistentActor
{
    private const string HalfOpenTimer = "half-open";
    private readonly BreakerSettings _settings;
    private readonly BreakerTopic _topic;
    private readonly IActorRef _alerts;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private BreakerState _state;

    public CircuitBreakerActor(BreakerId id, BreakerSettings settings, BreakerTopic topic, IActorRef alerts, TimeProvider clock)
    {
        PersistenceId = PersistenceIdOf(id);
        _settings = settings;
        _topic = topic;
        _alerts = alerts;
        _clock = clock;
        _state = BreakerState.Closed(id);

        Recover<BreakerTransitioned>(e => _state = _state.Apply(e));
        Recover<BreakerMemoryChanged>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            PrecogMetrics.Breaker(_state.Id, _state.Status);
            if (_state.IsTripped) Publish(_state); // a board that started after the trip learns it
            ArmHalfOpenTimer();
        });

        Command<SignalBreaker>(c => c.Id == _state.Id, c => Handle(c.Signal));
        Command<GetBreakerState>(_ => Sender.Tell(_state));
        // a board that started late asks; a breaker never changed answers "closed since ever", which no later change loses to
        Command<ReportBreakerState>(r => r.ReplyTo.Tell(new BreakerStateChanged(_state.Id, _state.Status, _state.Reason ?? "", _state.Since ?? DateTimeOffset.MinValue), Self));
        Command<Akka.Cluster.Tools.PublishSubscribe.SubscribeAck>(_ => { });
    }

    protected override void PreStart()
    {
        _topic.ServeRequests(Self);
        base.PreStart();
    }

    public override string PersistenceId { get; }

    protected override void PostStop()
    {
        PrecogMetrics.Breaker(_state.Id, null); // handed over or stopped: the node now hosting it reports it
        base.PostStop();
    }

    protected override TimeProvider TimerClock => _clock;



    public static string PersistenceIdOf(BreakerId id) => $"breaker-{id.Kind.ToWire()}-{id.Scope}";

    public static Props Props(BreakerId id, BreakerTopic topic, IActorRef alerts, BreakerSettings? settings = null, TimeProvider? clock = null) =>
        Akka.Actor.Props.Create(() => new CircuitBreakerActor(id, settings ?? BreakerSettings.Default, topic, alerts, clock ?? TimeProvider.System));

    private void Handle(BreakerSignal signal)
    {
        var decision = Breaker.Decide(_state, signal, _settings);
        var events = BreakerJournal.EventsOf(_state, decision, signal.At);
        if (events.Count == 0) return;
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            if (e is not BreakerTransitioned { Transition: var t }) return;
            PrecogMetrics.Breaker(t.Id, t.To);
            if (t.To == BreakerStatus.Open) PrecogMetrics.BreakerTrips.Add(1, PrecogMetrics.Tag("breaker", t.Id.ToString()));
            _log.Info("breaker {0} {1} -> {2}: {3}", t.Id, t.From.ToWire(), t.To.ToWire(), t.Reason);
            ArmHalfOpenTimer();
            Publish(_state);
            RaiseAlert(t);
        });
    }

    private void Publish(BreakerState s) =>
        _topic.Publish(new BreakerStateChanged(s.Id, s.Status, s.Reason ?? "", s.Since ?? _clock.GetUtcNow()), Self);

    /// <summary>Every trip and resolution is an alert (§6); daily loss and the kill switch are critical, the rest high.</summary>
    private void RaiseAlert(BreakerTransition t) => _alerts.Tell(new RaiseAlert(
        "circuit_breaker", t.Id.ToString(), SeverityOf(t.Id.Kind),
        $"breaker {t.Id} {t.From.ToWire()} -> {t.To.ToWire()}: {t.Reason}" + (t.Operator is { } by ? $" (by {by})" : ""),
        $"{t.From.ToWire()}->{t.To.ToWire()}", t.At), ActorRefs.NoSender);

    public static AlertSeverity SeverityOf(BreakerKind kind) =>
        kind is BreakerKind.DailyLossLimit or BreakerKind.Manual ? AlertSeverity.Critical : AlertSeverity.High;

    /// <summary>While api_failures is open, a timer sends the tick that half-opens it when due (at once if already overdue after a restart).</summary>
    private void ArmHalfOpenTimer()
    {
        if (_state is not { Status: BreakerStatus.Open, Id.Kind: BreakerKind.ApiFailures, Since: { } since })
        {
            Timers.Cancel(HalfOpenTimer);
            return;
        }
        var due = since + _settings.ApiHalfOpenAfter;
        var delay = due - _clock.GetUtcNow();
        Timers.StartSingle(HalfOpenTimer, new SignalBreaker(_state.Id, new ClockTicked(due)), delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }
}
