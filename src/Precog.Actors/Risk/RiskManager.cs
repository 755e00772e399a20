using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Cluster.Tools.PublishSubscribe;
using Precog.Actors.Breakers;
using Precog.Actors.Catalog;
using Precog.Actors.Metrics;
using Precog.Domain.Versions;
using Precog.Actors.Gateway;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Domain;
using Precog.Domain.Breakers;
using Precog.Domain.Fees;
using Precog.Domain.Risk;
using Precog.Domain.Values;

using Precog.Actors.Time;

namespace Precog.Actors.Risk;

/// <summary>A position ended: its result for the ledger and the breakers (sent by the position itself).</summary>
public sealed record PositionEnded(PositionId Position, Money RealizedPnl, string Reason, DateTimeOffset At);

public sealed record GetRiskLedger;

/// <summary>
/// A position's P&amp;L at its latest mark: what it realized so far (fees included) plus what it holds valued at the
/// held side's bid. Sent by the position when that changes by a cent or more; the daily-loss breaker's unrealized part.
/// </summary>
public sealed record PositionMarked(PositionId Position, Money Pnl, DateTimeOffset At);

/// <summary>What the risk manager needs from its node.</summary>
/// <param name="TradedPlatforms">The platforms the node can trade on (its exchange's): an entry on any other (a Polymarket
/// market followed for its price) is refused, so no order for it ever reaches a gateway.</param>
public sealed record RiskEnvironment(
    TimeProvider Time, TradingSettings Settings, IFeeModel Fees, Money Bankroll, IActorRef Positions, Func<PositionId> NewPositionId, IReadOnlySet<string> TradedPlatforms)
{
    /// <summary>How long a market stays closed to new entries after a stop-loss or trailing-stop exit.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Where breaker signals go (the breaker region on a node).</summary>
    public IActorRef? Breakers { get; init; }

    /// <summary>How the risk manager hears breaker states for its board.</summary>
    public BreakerTopic? BreakerTopic { get; init; }

    /// <summary>DistributedPubSub's mediator, to hear the catalog's strategy statuses (null: every strategy may enter).</summary>
    public IActorRef? Mediator { get; init; }
}

/// <summary>
/// The risk manager (one per cluster, persistence id <c>risk-manager</c>): admits entry signals against the
/// breakers' board, cooldowns, one position per market and strategy version, and the Kelly caps; persists the admission, then starts
/// the position. It releases exposure when positions end and feeds the consecutive-losses and position-limit breakers;
/// the daily-loss breaker with today's realized + unrealized P&amp;L (<see cref="DailyPnl"/>, from the positions' marks)
/// and the start of each trading day; the data_stale breakers of each feed with the age of the data that open
/// positions and candidates depend on (<see cref="FeedWatch"/>, checked on a timer and at once when data returns).
/// </summary>
public sealed class RiskManager : ClockedPersistentActor
{
    private readonly RiskEnvironment _env;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private const string DayTimer = "trading-day";
    private const string StaleTimer = "stale-check";
    private RiskLedger _ledger;
    private BreakerBoard _board = BreakerBoard.Empty;
    private readonly Dictionary<string, ReconciliationState> _unreconciled = new(StringComparer.Ordinal); // platforms whose venue disagrees
    private DailyPnl _daily;
    private (DateOnly Day, decimal Total)? _pnlSignalled;
    private FeedWatch _feeds;
    private StrategyStatuses _strategies = new(new Dictionary<string, VersionStatus>());

    public RiskManager(RiskEnvironment env)
    {
        _env = env;
        _ledger = RiskLedger.Start(env.Bankroll);
        _daily = DailyPnl.Start(TradingDay.Of(Now, Breakers));
        _feeds = FeedWatch.Start(Now);
        Recover<IPrecogEvent>(e =>
        {
            _ledger = _ledger.Apply(e, env.Cooldown);
            if (e is ExposureReleased r) _daily = _daily.Released(r.Position, r.RealizedPnl, TradingDay.Of(r.At, Breakers));
        });
        Recover<RecoveryCompleted>(_ => Recovered());
        Command<BreakerStateChanged>(c => _board = _board.Apply(c));
        Command<EntrySignal>(Admit);
        Command<PositionEnded>(Ended);
        Command<ReconciliationState>(Reconciled);
        Command<PositionMarked>(Marked);
        Command<MarketDataSeen>(Seen);
        Command<TradingDayBegins>(_ => DayBegins());
        Command<CheckFeeds>(_ => CheckFeedAges());
        Command<GetRiskLedger>(_ => Sender.Tell(_ledger));
        Command<GetBreakerBoard>(_ => Sender.Tell(_board)); // the board admission reads: what the operator sees is what refuses entries
        Command<StrategyStatuses>(Statuses);
        Command<Akka.Cluster.Tools.PublishSubscribe.SubscribeAck>(_ => { });
    }

    private sealed record TradingDayBegins;
    private sealed record CheckFeeds;

    private BreakerSettings Breakers => _env.Settings.Breakers;

    protected override TimeProvider TimerClock => _env.Time;



    public override string PersistenceId => "risk-manager";

    public static Props Props(RiskEnvironment env) => Akka.Actor.Props.Create(() => new RiskManager(env));

    protected override void PreStart()
    {
        _env.BreakerTopic?.Subscribe(Self);
        if (_env.Mediator is { } mediator)
        {
            mediator.Tell(new Subscribe(Topics.StrategyStatuses, Self), Self);
            // after the subscription (the mediator keeps the order): statuses published meanwhile reach it either way
            mediator.Tell(new Publish(Topics.StrategyStatusRequests, new ReportStrategyStatuses(Self)), Self);
        }
        base.PreStart();
    }

    protected override void PostStop()
    {
        PrecogMetrics.OpenPositions(null); // a singleton handed over: the node now hosting it reports the count
        base.PostStop();
    }

    private void Statuses(StrategyStatuses s)
    {
        var retired = s.ByLabel.Where(v => v.Value != VersionStatus.Active).Select(v => v.Key).Order(StringComparer.Ordinal).ToList();
        var before = _strategies.ByLabel.Where(v => v.Value != VersionStatus.Active).Select(v => v.Key).Order(StringComparer.Ordinal).ToList();
        _strategies = s;
        if (!retired.SequenceEqual(before))
            _log.Info("Strategy versions not admitting entries: {0}", retired.Count == 0 ? "none" : string.Join(", ", retired));
    }

    private DateTimeOffset Now => _env.Time.GetUtcNow();

    private void Admit(EntrySignal s)
    {
        if (!_env.TradedPlatforms.Contains(s.Platform))
        {
            _log.Debug("Entry on {0} by {1} refused: this node does not trade on {2} (its market data only)", s.Ticker, s.Strategy, s.Platform);
            return;
        }
        if (!_strategies.MayEnter(s.Strategy))
        {
            _log.Debug("Entry on {0} by {1} refused: the version is {2}", s.Ticker, s.Strategy, _strategies.ByLabel[s.Strategy].ToWire());
            return;
        }
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
            PrecogMetrics.OpenPositions(_ledger.Open.Count);
            Signal(BreakerKind.PositionLimit, new OpenPositionsObserved(Now, _ledger.Open.Count));
        });
    }

    private void Ended(PositionEnded e)
    {
        if (!_ledger.Open.ContainsKey(e.Position)) return; // already released (a repeated notice after a restart)
        Persist(new ExposureReleased(e.Position, e.RealizedPnl, e.Reason, e.At), r =>
        {
            _ledger = _ledger.Apply(r, _env.Cooldown);
            _daily = _daily.Released(r.Position, r.RealizedPnl, TradingDay.Of(r.At, Breakers));
            PrecogMetrics.OpenPositions(_ledger.Open.Count);
            Signal(BreakerKind.PositionLimit, new OpenPositionsObserved(Now, _ledger.Open.Count));
            if (e.Reason != "entry not filled") Signal(BreakerKind.ConsecutiveLosses, new ClosedPositionObserved(Now, e.RealizedPnl.Value));
            SignalDailyPnl();
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

    /// <summary>
    /// After recovery: the daily-loss breaker hears which trading day it is (it resets if the day turned while the
    /// engine was down) and today's realized P&amp;L; the day's end and the feed checks are armed.
    /// </summary>
    private void Recovered()
    {
        PrecogMetrics.OpenPositions(_ledger.Open.Count);
        Signal(BreakerKind.DailyLossLimit, new TradingDayStarted(Now, _daily.Day));
        SignalDailyPnl();
        ArmDayTimer();
        Timers.StartPeriodic(StaleTimer, new CheckFeeds(), Breakers.StaleCheckInterval);
    }

    private void ArmDayTimer() => Timers.StartSingle(DayTimer, new TradingDayBegins(), TradingDay.NextStart(Now, Breakers) - Now);

    private void DayBegins()
    {
        var day = TradingDay.Of(Now, Breakers);
        _daily = _daily.Roll(day);
        Signal(BreakerKind.DailyLossLimit, new TradingDayStarted(Now, day));
        SignalDailyPnl();
        ArmDayTimer();
    }

    private void Marked(PositionMarked m)
    {
        if (!_ledger.Open.ContainsKey(m.Position)) return; // ended already: its result is in the realized part
        _daily = _daily.Mark(m.Position, m.Pnl);
        SignalDailyPnl();
    }

    /// <summary>Tells the daily-loss breaker today's P&amp;L when it changed by a cent (its rule decides what a loss trips).</summary>
    private void SignalDailyPnl()
    {
        _daily = _daily.Roll(TradingDay.Of(Now, Breakers));
        var now = (_daily.Day, _daily.Total);
        if (_pnlSignalled == now) return;
        _pnlSignalled = now;
        Signal(BreakerKind.DailyLossLimit, new DailyPnlObserved(Now, now.Day, now.Total));
    }

    /// <summary>A market's data arrived (or its stream stalled); if a feed's breaker is open, fresh data may close it now rather than at the next check.</summary>
    private void Seen(MarketDataSeen m)
    {
        if (!_env.TradedPlatforms.Contains(m.Platform)) return; // no entry depends on a feed the node does not trade on
        _feeds = _feeds.Seen(m);
        // a stall is judged now (not at the next periodic check); an open breaker may close on fresh data now
        if (m.StreamStalled || _board.Breakers.Values.Any(b => b.Id.Kind == BreakerKind.DataStale && b.IsTripped)) CheckFeedAges();
    }

    private void CheckFeedAges()
    {
        foreach (var signal in _feeds.Observe(Now, _ledger.Open.Values)) _env.Breakers?.Tell(signal);
    }

    private void Signal(BreakerKind kind, BreakerSignal signal) =>
        _env.Breakers?.Tell(new SignalBreaker(new BreakerId(kind, BreakerId.Global), signal));
}
