using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Precog.Actors.Breakers;
using Precog.Actors.Gateway;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Domain;
using Precog.Domain.Breakers;
using Precog.Domain.Fees;
using Precog.Domain.Risk;
using Precog.Domain.Values;

namespace Precog.Actors.Risk;

/// <summary>A position ended: its result for the ledger and the breakers (sent by the position itself).</summary>
public sealed record PositionEnded(PositionId Position, Money RealizedPnl, string Reason, DateTimeOffset At);

public sealed record GetRiskLedger;

/// <summary>What the risk manager needs from its node.</summary>
public sealed record RiskEnvironment(TimeProvider Time, TradingSettings Settings, IFeeModel Fees, Money Bankroll, IActorRef Positions, Func<PositionId> NewPositionId)
{
    /// <summary>How long a market stays closed to new entries after a stop-loss or trailing-stop exit.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Where breaker signals go (the breaker region on a node).</summary>
    public IActorRef? Breakers { get; init; }

    /// <summary>How the risk manager hears breaker states for its board.</summary>
    public BreakerTopic? BreakerTopic { get; init; }
}

/// <summary>
/// The risk manager (one per cluster, persistence id <c>risk-manager</c>): admits entry signals against the
/// breakers' board, cooldowns, one position per market and strategy version, and the Kelly caps; persists the admission, then starts
/// the position. It releases exposure when positions end and feeds the consecutive-losses, daily-loss and
/// position-limit breakers.
/// </summary>
public sealed class RiskManager : ReceivePersistentActor
{
    private readonly RiskEnvironment _env;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private RiskLedger _ledger;
    private BreakerBoard _board = BreakerBoard.Empty;
    private readonly Dictionary<string, ReconciliationState> _unreconciled = new(StringComparer.Ordinal); // platforms whose venue disagrees

    public RiskManager(RiskEnvironment env)
    {
        _env = env;
        _ledger = RiskLedger.Start(env.Bankroll);
        Recover<IPrecogEvent>(e => _ledger = _ledger.Apply(e, env.Cooldown));
        Command<BreakerStateChanged>(c => _board = _board.Apply(c));
        Command<EntrySignal>(Admit);
        Command<PositionEnded>(Ended);
        Command<ReconciliationState>(Reconciled);
        Command<GetRiskLedger>(_ => Sender.Tell(_ledger));
    }

    public override string PersistenceId => "risk-manager";

    public static Props Props(RiskEnvironment env) => Akka.Actor.Props.Create(() => new RiskManager(env));

    protected override void PreStart()
    {
        _env.BreakerTopic?.Subscribe(Self);
        base.PreStart();
    }

    private DateTimeOffset Now => _env.Time.GetUtcNow();

    private void Admit(EntrySignal s)
    {
        if (_unreconciled.TryGetValue(s.Platform, out var disagreement))
        {
            _log.Debug("Entry on {0} by {1} refused: {2} disagrees with the engine since {3:O}", s.Ticker, s.Strategy, s.Platform, disagreement.At);
            return;
        }
        var (admitted, refused) = _ledger.Admit(s, _board, _env.NewPositionId(), Now, _env.Settings.Sizing, _env.Fees);
        if (admitted is null)
        {
            _log.Debug("Entry on {0} by {1} refused: {2}", refused!.Ticker, refused.Strategy, refused.Reason);
            return;
        }
        Persist(admitted, a =>
        {
            _ledger = _ledger.Apply(a, _env.Cooldown);
            _env.Positions.Tell(new OpenPosition(a.Position, a.Platform, a.Ticker, a.Side, a.Quantity, a.Price, a.Strategy, s.Model, null, s.Confidence));
            Signal(BreakerKind.PositionLimit, new OpenPositionsObserved(Now, _ledger.Open.Count));
        });
    }

    private void Ended(PositionEnded e)
    {
        if (!_ledger.Open.ContainsKey(e.Position)) return; // already released (a repeated notice after a restart)
        Persist(new ExposureReleased(e.Position, e.RealizedPnl, e.Reason, e.At), r =>
        {
            _ledger = _ledger.Apply(r, _env.Cooldown);
            Signal(BreakerKind.PositionLimit, new OpenPositionsObserved(Now, _ledger.Open.Count));
            if (e.Reason != "entry not filled") Signal(BreakerKind.ConsecutiveLosses, new ClosedPositionObserved(Now, e.RealizedPnl.Value));
        });
    }

    /// <summary>A reconciliation's verdict on a platform: entries there wait until its venue and the engine agree again.</summary>
    private void Reconciled(ReconciliationState r)
    {
        var wasBlocked = _unreconciled.ContainsKey(r.Platform);
        if (r.Matches) _unreconciled.Remove(r.Platform);
        else _unreconciled[r.Platform] = r;
        if (wasBlocked == r.Matches)
            _log.Warning(r.Matches ? "Entries on {0} allowed again: its reconciliation matches" : "Entries on {0} blocked: {1}", r.Platform, string.Join("; ", r.Mismatches));
    }

    private void Signal(BreakerKind kind, BreakerSignal signal) =>
        _env.Breakers?.Tell(new SignalBreaker(new BreakerId(kind, BreakerId.Global), signal));
}
