using Akka.Actor;
using Akka.Event;
using Precog.Actors.Positions;
using Precog.Actors.Risk;
using Precog.Actors.Time;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Actors.Gateway;

/// <summary>Ask the reconciler where it stands (for operators, and for tests).</summary>
public sealed record GetReconciliationStatus
{
    public static readonly GetReconciliationStatus Instance = new();
}

/// <summary>Conclusive reconciliations so far, when the last one ended, whether entries are blocked, and on what.</summary>
public sealed record ReconciliationStatus(int Runs, DateTimeOffset? LastAt, bool Blocked, IReadOnlyList<string> Mismatches);

/// <summary>
/// Reconciles one exchange account at start and every interval (one cluster singleton per account, beside its
/// gateway): the engine's belief comes from live actors (the risk manager's open positions, each asked for what it
/// holds, which orders it has out and which of its orders' fills it recorded), the venue's through the gateway. The venue wins: a mismatch, confirmed by a
/// second look after a short wait, raises a CRITICAL alert and blocks new entries on the platform at the risk
/// manager until a later reconciliation matches; the resolution unblocks and is logged. A run that cannot
/// gather both views (the venue unreadable, an actor silent) is inconclusive and changes nothing.
/// </summary>
public sealed class Reconciler : ClockedActor
{
    private const string PeriodicTimer = "reconcile";
    private const string ConfirmTimer = "confirm";

    private readonly string _platform;
    private readonly IActorRef _gateway;
    private readonly IActorRef _risk;
    private readonly IActorRef _positions;
    private readonly IActorRef? _notices;
    private readonly TimeProvider _time;
    private readonly ExchangeGatewaySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _runId;
    private IActorRef? _run;
    private bool _runConfirms;
    private bool _confirmDue;
    private int _runs;
    private DateTimeOffset? _lastAt;
    private IReadOnlyList<string>? _blockedOn; // null: entries allowed

    public Reconciler(string platform, IActorRef gateway, IActorRef risk, IActorRef positions, IActorRef? notices, TimeProvider time, ExchangeGatewaySettings settings)
    {
        _platform = platform;
        _gateway = gateway;
        _risk = risk;
        _positions = positions;
        _notices = notices;
        _time = time;
        _settings = settings.Validated();

        Receive<ReconcileDue>(d => Start(d.Confirms));
        Receive<RunFinished>(OnFinished);
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_run)) _run = null;
        });
        Receive<GetReconciliationStatus>(_ => Sender.Tell(new ReconciliationStatus(_runs, _lastAt, _blockedOn is not null, _blockedOn ?? [])));
    }

    public static Props Props(string platform, IActorRef gateway, IActorRef risk, IActorRef positions, IActorRef? notices, TimeProvider time,
        ExchangeGatewaySettings settings) =>
        Akka.Actor.Props.Create(() => new Reconciler(platform, gateway, risk, positions, notices, time, settings));

    protected override TimeProvider TimerClock => _time;


    protected override void PreStart()
    {
        Self.Tell(new ReconcileDue(false)); // at start, before anything else
        Timers.StartPeriodic(PeriodicTimer, new ReconcileDue(false), _settings.ReconcileInterval);
    }


    private sealed record ReconcileDue(bool Confirms);

    private void Start(bool confirms)
    {
        if (_run is not null)
        {
            // one run at a time; a confirmation asked for meanwhile runs when this one ends
            _confirmDue |= confirms;
            return;
        }
        _runConfirms = confirms;
        _run = Context.Watch(Context.ActorOf(ReconciliationRun.Props(++_runId, _platform, _gateway, _risk, _positions, _time, _settings.ReconcileTimeout),
            $"run-{_runId}"));
    }

    private void OnFinished(RunFinished f)
    {
        if (f.RunId != _runId) return;
        var confirming = _runConfirms;
        if (f.Result is not { Read: true } result)
        {
            _log.Warning("Reconciliation with {0} was inconclusive: {1}", _platform, f.Result is { } r ? string.Join("; ", r.Mismatches) : f.Why);
        }
        else
        {
            _runs++;
            _lastAt = _time.GetUtcNow();
            if (result.Matches) Matched();
            else if (_blockedOn is not null || confirming || _settings.ReconcileConfirmAfter == TimeSpan.Zero) Mismatched(result.Mismatches);
            else
            {
                _log.Info("Reconciliation with {0} differs ({1}); looking again in {2} before it counts", _platform, string.Join("; ", result.Mismatches),
                    _settings.ReconcileConfirmAfter);
                Timers.StartSingle(ConfirmTimer, new ReconcileDue(true), _settings.ReconcileConfirmAfter);
            }
        }
        if (_confirmDue)
        {
            _confirmDue = false;
            Self.Tell(new ReconcileDue(true));
        }
    }

    private void Matched()
    {
        Timers.Cancel(ConfirmTimer);
        if (_blockedOn is not null)
            _log.Warning("Reconciliation with {0} matches again: entries are allowed (it had found: {1})", _platform, string.Join("; ", _blockedOn));
        _blockedOn = null;
        _risk.Tell(new ReconciliationState(_platform, true, [], _time.GetUtcNow()));
    }

    private void Mismatched(IReadOnlyList<string> mismatches)
    {
        var now = _time.GetUtcNow();
        // the risk manager first: once the alert is out, entries are already refused
        _risk.Tell(new ReconciliationState(_platform, false, mismatches, now));
        if (_blockedOn is null || !_blockedOn.SequenceEqual(mismatches))
        {
            _log.Error("Reconciliation with {0} disagrees, the exchange is authoritative; entries blocked: {1}", _platform, string.Join("; ", mismatches));
            _notices?.Tell(new ReconciliationMismatch(_platform, mismatches, now));
        }
        _blockedOn = mismatches;
    }
}

/// <summary>One reconciliation's answer to its reconciler: the gateway's comparison, or why there is none.</summary>
internal sealed record RunFinished(long RunId, ReconciliationResult? Result, string? Why);

/// <summary>
/// Gathers one reconciliation, then stops (so that a late answer of a run given up reaches no one): the risk
/// manager's open positions of the platform, what each holds and has out and the trades it recorded, then the gateway's comparison.
/// </summary>
internal sealed class ReconciliationRun : ClockedActor
{
    private readonly long _runId;
    private readonly string _platform;
    private readonly IActorRef _gateway;
    private readonly HashSet<PositionId> _waiting = new();
    private readonly List<(MarketTicker Ticker, Holding Holding)> _held = new();
    private readonly HashSet<ClientOrderId> _claimed = new();
    private readonly List<PositionFills> _fills = new();
    private readonly TimeProvider _time;

    public ReconciliationRun(long runId, string platform, IActorRef gateway, IActorRef risk, IActorRef positions, TimeProvider time, TimeSpan timeout)
    {
        _runId = runId;
        _platform = platform;
        _gateway = gateway;
        _time = time;
        Timers.StartSingle("timeout", new RunTimedOut(), timeout);

        Receive<RiskLedger>(ledger =>
        {
            foreach (var id in ledger.Open.Values.Where(a => a.Platform == platform).Select(a => a.Position)) _waiting.Add(id);
            foreach (var id in _waiting) positions.Tell(new GetPosition(id));
            if (_waiting.Count == 0) AskGateway();
        });
        Receive<PositionRecord>(record =>
        {
            if (record.Opened is not { } o || !_waiting.Remove(o.Position)) return;
            if (record.IsOpen)
            {
                _held.Add((o.Ticker, new Holding(o.Side, record.Held.Value)));
                if (record.Entry is { Done: false } entry) _claimed.Add(entry.ClientOrderId);
                if (record.Exits?.Active is { } exit) _claimed.UnionWith(exit.Orders);
                _fills.Add(new PositionFills(o.Position, o.Ticker, o.At, record.Orders, record.Trades));
            }
            if (_waiting.Count == 0) AskGateway();
        });
        Receive<ReconciliationResult>(r => Finish(r, null));
        Receive<RunTimedOut>(_ => Finish(null, _waiting.Count > 0
            ? $"{_waiting.Count} open position(s) did not say what they hold within {timeout}"
            : $"no answer within {timeout}"));
        risk.Tell(new GetRiskLedger());
    }

    public static Props Props(long runId, string platform, IActorRef gateway, IActorRef risk, IActorRef positions, TimeProvider time, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new ReconciliationRun(runId, platform, gateway, risk, positions, time, timeout));

    protected override TimeProvider TimerClock => _time;

    private sealed record RunTimedOut;

    private void AskGateway()
    {
        var expected = _held.GroupBy(h => h.Ticker).ToDictionary(g => g.Key, g => PositionReconciliation.Net(g.Select(h => h.Holding)));
        _gateway.Tell(new Reconcile(expected.ToDictionary(e => e.Key, e => (e.Value.Side, new Quantity((int)e.Value.Contracts))))
        {
            ExpectedOrders = _claimed,
            ExpectedFills = _fills,
        });
    }

    private void Finish(ReconciliationResult? result, string? why)
    {
        Context.Parent.Tell(new RunFinished(_runId, result, why));
        Context.Stop(Self);
    }
}
