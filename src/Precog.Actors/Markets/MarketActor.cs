using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Precog.Actors.Metrics;
using Precog.Actors.Positions;
using Precog.Domain;
using Precog.Domain.Exits;
using Precog.Domain.Fees;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Models;
using Precog.Domain.Strategies;
using Precog.Domain.Values;
using Precog.Exchanges;

using Precog.Actors.Time;

namespace Precog.Actors.Markets;

/// <summary>A market's identity in messages (the sharding key: platform + ticker).</summary>
public interface IMarketMessage
{
    string Platform { get; }
    MarketTicker Ticker { get; }
}

/// <summary>
/// List a market, optionally linked to the game it is about (YES pays on the team its ticker ends with, unless
/// <see cref="YesTeam"/> names it: a Polymarket token's id says no team).
/// </summary>
public sealed record ListMarket(
    string Platform, MarketTicker Ticker, string EventTicker, string? SeriesTicker, string Title, DateTimeOffset? ExpectedExpiration,
    string? League, string? ExternalGameId) : IMarketMessage
{
    /// <summary>The team YES pays on, in the teams table's codes; null: read from the ticker. Held in memory: listed again at each start.</summary>
    public string? YesTeam { get; init; }
}

/// <summary>A book snapshot, delta or lifecycle change from a feed.</summary>
public sealed record ApplyMarketData(MarketDataEvent Data) : IMarketMessage
{
    public string Platform => Data.Platform;
    public MarketTicker Ticker => Data.Ticker;
}

public sealed record GetMarket(string Platform, MarketTicker Ticker) : IMarketMessage;

/// <summary>What a market shows the operator: its book top, status, link and latest edges.</summary>
/// <param name="YesSettlement">What YES paid, once the market settled: a position that missed the settlement notice (it
/// started after it, on a restarted node) settles on the answer to its own question.</param>
public sealed record MarketView(string Platform, MarketTicker Ticker, MarketStatus Status, QuoteUpdated? Quote, bool Stale, string? Game, IReadOnlyList<EdgeReading> Edges,
    Price? YesSettlement = null);

/// <summary>A market's book is stale (deltas without their snapshot): its feed sends it a snapshot again.</summary>
public sealed record ResyncMarket(string Platform, MarketTicker Ticker);

/// <summary>A strategy's edge passed its entry rule: a candidate for the risk manager.</summary>
public sealed record EntrySignal(
    string Platform, MarketTicker Ticker, Side Side, Price Bid, Price Ask, Probability ModelProbability, decimal Edge, Domain.Entry.ConfidenceTier Confidence,
    string Strategy, string Model, string? League, string? ExternalGameId, DateTimeOffset At);

/// <summary>The market closed or reopened: published on its topic, so positions stop trying to exit into a closed market.</summary>
public sealed record MarketStatusNotice(string Platform, MarketTicker Ticker, MarketStatus Status, DateTimeOffset At);

/// <summary>The market settled: published on its topic, so every position in it settles.</summary>
public sealed record MarketSettledNotice(string Platform, MarketTicker Ticker, Price YesSettlement, DateTimeOffset At);

/// <summary>What a market needs from its node.</summary>
public sealed record MarketEnvironment(
    TimeProvider Time, TradingSettings Settings, IReadOnlyList<StrategyDefinition> Strategies, NflWinModel? Model, int ModelSampleSize, IFeeModel Fees)
{
    /// <summary>Quote history is persisted at most once per this interval (the last quote of it), publishing is never held back.</summary>
    public TimeSpan QuoteCoalescing { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Edges are persisted again when one moves by more than this, or the set of readings changes.</summary>
    public decimal EdgeThreshold { get; init; } = 0.005m;

    /// <summary>The market's data freshness goes to the risk manager at most this often (the last of an interval always goes).</summary>
    public TimeSpan FreshnessReporting { get; init; } = TimeSpan.FromSeconds(5);

    public IActorRef? Risk { get; init; }

    /// <summary>An A/B test by split: a version of the test judges only the markets drawn for its arm (none: every version judges every market).</summary>
    public Precog.Domain.Experiments.AbSplit? Split { get; init; }

    /// <summary>Other model versions by label: a strategy whose model is one of these prices with it, every other with <see cref="Model"/>.</summary>
    public IReadOnlyDictionary<string, NflWinModel>? Models { get; init; }

    /// <summary>The model a strategy prices with.</summary>
    public NflWinModel? ModelOf(StrategyDefinition strategy) => Models?.GetValueOrDefault(strategy.Model) ?? Model;
    public Action<IActorContext, string, object>? Publish { get; init; }
    public Action<IActorContext, string>? Subscribe { get; init; }
}

/// <summary>
/// One market (persistence id <c>market-PLATFORM-TICKER</c>): the top of its book from snapshots and deltas,
/// published on its topic at every change; quote history persisted at most once per coalescing interval
/// (and at once on a status change or settlement); edges of every strategy version recomputed on each quote
/// or game change and persisted when they move; entry candidates to the risk manager. A gap in the feed's
/// sequence marks the book stale (nothing published, no edges) until the next snapshot. It tells the risk manager
/// how fresh its price and its game's state are (<see cref="Risk.MarketDataSeen"/>, throttled), for the data_stale breakers.
/// </summary>
public sealed class MarketActor : ClockedPersistentActor
{
    private const string FlushTimer = "flush-quote";
    private const string FreshnessTimer = "report-freshness";

    private readonly string _platform;
    private readonly MarketTicker _ticker;
    private readonly MarketEnvironment _env;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private MarketListed? _listing;
    private MarketLinkedToGame? _link;
    private MarketStatus _status = MarketStatus.Open;
    private Price? _yesSettlement;
    private QuoteChanged? _persistedQuote;
    private EdgesUpdated? _persistedEdges;

    private readonly SortedDictionary<decimal, int> _yesBids = [];
    private readonly SortedDictionary<decimal, int> _noBids = [];
    private long? _seq;
    private bool _stale = true;
    private bool _snapshotAsked;
    private QuoteUpdated? _quote;
    private DateTimeOffset _quoteSeenAt;
    private GameStateChanged? _game;
    private DateTimeOffset? _priceSeenAt;
    private DateTimeOffset? _gameSeenAt;
    private bool _candidate;
    private bool _streamStalled;
    private Risk.MarketDataSeen? _reported;
    private DateTimeOffset _reportedAt;

    public MarketActor(string platform, MarketTicker ticker, MarketEnvironment env)
    {
        _platform = platform;
        _ticker = ticker;
        _env = env;
        PersistenceId = $"market-{platform}-{ticker}";
        Recover<MarketListed>(e => _listing = e);
        Recover<MarketLinkedToGame>(e => _link = e);
        Recover<MarketStatusChanged>(e => _status = e.Status);
        Recover<MarketSettled>(e => (_status, _yesSettlement) = (MarketStatus.Settled, e.YesSettlement));
        Recover<QuoteChanged>(e => _persistedQuote = e);
        Recover<EdgesUpdated>(e => _persistedEdges = e);
        Recover<RecoveryCompleted>(_ => SubscribeToGame());

        Command<ListMarket>(List);
        Command<ApplyMarketData>(m =>
        {
            Apply(m.Data);
            ReportFreshness();
        });
        Command<GameStateChanged>(g =>
        {
            OnGame(g);
            ReportFreshness();
        });
        Command<Games.GameStateConfirmed>(g =>
        {
            if (_link is not { } l || g.League != l.League || g.ExternalGameId != l.ExternalGameId) return;
            _gameSeenAt = Now;
            ReportFreshness();
        });
        Command<FlushQuote>(_ => PersistQuote());
        Command<SendFreshness>(_ => ReportFreshness(force: true));
        Command<GetMarket>(_ => Sender.Tell(new MarketView(_platform, _ticker, _status, _quote, _stale, _link is { } l ? $"{l.League}/{l.ExternalGameId}" : null,
            _persistedEdges?.Edges ?? [], _yesSettlement)));
    }

    public override string PersistenceId { get; }

    protected override TimeProvider TimerClock => _env.Time;



    public static Props Props(string platform, MarketTicker ticker, MarketEnvironment env) => Akka.Actor.Props.Create(() => new MarketActor(platform, ticker, env));

    private sealed record FlushQuote;
    private sealed record SendFreshness;

    private DateTimeOffset Now => _env.Time.GetUtcNow();

    private void List(ListMarket m)
    {
        if (m.YesTeam is { } yes && yes != _yesTeam)
        {
            _yesTeam = yes;
            Reprice(); // a market that heard its game before it knew its YES team is priced now
        }
        var events = new List<object>();
        if (_listing is null)
            events.Add(new MarketListed(_platform, _ticker, m.EventTicker, m.SeriesTicker, m.Title, "binary", m.ExpectedExpiration, Now));
        if (m.League is { } league && m.ExternalGameId is { } game && (_link?.League != league || _link.ExternalGameId != game))
            events.Add(new MarketLinkedToGame(_platform, _ticker, league, game, Now));
        if (events.Count == 0) return;
        PersistAll(events, e =>
        {
            if (e is MarketListed l) _listing = l;
            if (e is MarketLinkedToGame g)
            {
                _link = g;
                SubscribeToGame();
            }
        });
    }

    private void SubscribeToGame()
    {
        if (_link is { } l) _env.Subscribe?.Invoke(Context, Topics.Game(l.League, l.ExternalGameId));
    }

    // ---- the book ---------------------------------------------------------------------------------------------

    private void Apply(MarketDataEvent data)
    {
        switch (data)
        {
            case BookSnapshot s:
                Load(_yesBids, s.Book.YesBids);
                Load(_noBids, s.Book.NoBids);
                _seq = s.Seq;
                _stale = false;
                _streamStalled = false;
                _snapshotAsked = false;
                _priceSeenAt = Now;
                TopMaybeMoved(s.At);
                break;
            case BookDelta d when _stale:
                AskForSnapshot(); // waiting for a snapshot: a market started anew (moved to this node) has had none from this stream
                break;
            case BookDelta d when _seq is { } last && d.Seq != last + 1:
                _stale = true;
                _log.Warning("Market {0}: sequence gap ({1} after {2}); the book is stale until the next snapshot", _ticker, d.Seq, last);
                AskForSnapshot();
                break;
            case BookDelta d:
                _seq = d.Seq;
                var side = d.Side == Side.Yes ? _yesBids : _noBids;
                var size = side.GetValueOrDefault(d.Price.Value) + d.Delta;
                if (size > 0) side[d.Price.Value] = size;
                else side.Remove(d.Price.Value);
                _priceSeenAt = Now;
                TopMaybeMoved(d.At);
                break;
            case MarketLifecycle l:
                Lifecycle(l);
                break;
            case StreamStalled st:
                if (!_streamStalled) _log.Warning("Market {0}: the stream reports no data for {1:0} s; its price is unknown until the stream resumes", _ticker, st.Silence.TotalSeconds);
                _streamStalled = true;
                break;
            case StreamResumed:
                _streamStalled = false;
                break;
        }
    }

    /// <summary>
    /// Deltas without the snapshot they follow: the feed (the sender of the data) is asked, once until a snapshot comes,
    /// to send this market's book again. On a cluster this is how a market that moved to another node gets its book.
    /// </summary>
    private void AskForSnapshot()
    {
        if (_snapshotAsked || Sender.IsNobody()) return;
        _snapshotAsked = true;
        Sender.Tell(new ResyncMarket(_platform, _ticker));
    }

    private static void Load(SortedDictionary<decimal, int> side, IReadOnlyList<BookLevel> levels)
    {
        side.Clear();
        foreach (var l in levels.Where(l => l.Size.Value > 0)) side[l.Price.Value] = l.Size.Value;
    }

    private static (Price Price, int Size) Best(SortedDictionary<decimal, int> side) =>
        side.Count == 0 ? (Price.Zero, 0) : (new Price(side.Keys.Last()), side[side.Keys.Last()]);

    /// <summary>Publishes a moved top at once (positions must see every mark); persists quote history coalesced.</summary>
    private void TopMaybeMoved(DateTimeOffset at)
    {
        var (yesBid, yesSize) = Best(_yesBids);
        var (noBid, noSize) = Best(_noBids);
        var quote = new QuoteUpdated(_platform, _ticker, yesBid, noBid.Complement, noBid, yesBid.Complement, new Quantity(yesSize), new Quantity(noSize), at);
        if (_quote is { } q && q with { At = at } == quote) return;
        _quote = quote;
        _quoteSeenAt = Now;
        _env.Publish?.Invoke(Context, Topics.Market(_platform, _ticker.Value), quote);
        var since = _persistedQuote is { } p ? Now - p.At : TimeSpan.MaxValue;
        if (since >= _env.QuoteCoalescing) PersistQuote();
        else if (!Timers.IsActive(FlushTimer)) Timers.StartSingle(FlushTimer, new FlushQuote(), _env.QuoteCoalescing - since);
        Reprice();
    }

    private void PersistQuote()
    {
        if (_quote is not { } q) return;
        var e = new QuoteChanged(_platform, _ticker, q.YesBid, q.YesAsk, q.NoBid, q.NoAsk, q.YesBidSize, q.NoBidSize, null, null, Now);
        if (_persistedQuote is { } p && p with { At = e.At } == e) return;
        Timers.Cancel(FlushTimer);
        var started = PrecogMetrics.Start();
        Persist(e, persisted =>
        {
            _persistedQuote = persisted;
            PrecogMetrics.QuotesPersisted.Add(1);
            PrecogMetrics.JournalWriteLatency.Record(PrecogMetrics.ElapsedMs(started), PrecogMetrics.Tag("actor", "market"));
        });
    }

    private void Lifecycle(MarketLifecycle l)
    {
        if (_status == MarketStatus.Settled) return;
        if (l.Status != MarketStatus.Open) _candidate = false; // a closed or settled market is no candidate: nothing depends on its feed for it
        PersistQuote(); // the last quote of the interval first: history stays in order
        if (l.Status == MarketStatus.Settled && l.YesSettlement is { } pays)
        {
            Persist(new MarketSettled(_platform, _ticker, pays, Now), _ =>
            {
                (_status, _yesSettlement) = (MarketStatus.Settled, pays);
                _env.Publish?.Invoke(Context, Topics.Market(_platform, _ticker.Value), new MarketSettledNotice(_platform, _ticker, pays, Now));
            });
        }
        else if (l.Status != _status)
        {
            Persist(new MarketStatusChanged(_platform, _ticker, l.Status, Now), e =>
            {
                _status = e.Status;
                _env.Publish?.Invoke(Context, Topics.Market(_platform, _ticker.Value), new MarketStatusNotice(_platform, _ticker, e.Status, e.At));
            });
        }
    }

    // ---- edges ------------------------------------------------------------------------------------------------

    private void OnGame(GameStateChanged game)
    {
        if (_link is not { } l || game.League != l.League || game.ExternalGameId != l.ExternalGameId) return;
        _game = game;
        _gameSeenAt = Now;
        Reprice();
    }

    /// <summary>
    /// Prices both sides for every strategy from the linked game's latest state; persists the edges when they
    /// moved; sends every admitted side to the risk manager.
    /// </summary>
    private void Reprice()
    {
        if (_stale) return; // a book with a gap keeps its last judgement: if it stays stale, data_stale should see it
        _candidate = false; // until this pricing admits a side
        if (_status != MarketStatus.Open || _quote is not { } q || _game is not { } game) return;
        var yesTeam = YesTeam(game.League);
        if (yesTeam != game.HomeTeam && yesTeam != game.AwayTeam)
        {
            if (_unpriceableLogged.Add(yesTeam))
                _log.Warning("Market {0}: its YES team '{1}' is neither {2} nor {3}; not priced", _ticker, yesTeam, game.HomeTeam, game.AwayTeam);
            return;
        }
        var strategies = _env.Split is { } split ? _env.Strategies.Where(st => split.Allows(st.Label, _ticker.Value)).ToList() : _env.Strategies;
        var judged = new List<SideJudgement>();
        // each model version prices the game once, for the strategies that price with it
        foreach (var group in strategies.GroupBy(_env.ModelOf))
        {
            if (group.Key is not { } model) continue;
            GameEstimate? estimate;
            try
            {
                estimate = model.Estimate(game);
            }
            catch (FormatException e)
            {
                _log.Warning("Market {0}: the game state cannot be priced: {1}", _ticker, e.Message);
                return;
            }
            if (estimate is null) return; // the game cannot be priced (by any version)
            judged.AddRange(StrategyEvaluator.Judge([.. group], estimate, yesIsHome: yesTeam == game.HomeTeam, q.For(Side.Yes), q.For(Side.No),
                Now - _quoteSeenAt, _env.ModelSampleSize, _env.Settings, _env.Fees));
        }
        var readings = judged.Select(j => j.Reading).ToList();
        PrecogMetrics.EdgesComputed.Add(readings.Count);
        _candidate = judged.Any(j => j.Assessment.Admitted);
        if (Moved(readings)) Persist(new EdgesUpdated(_platform, _ticker, readings, Now), e => _persistedEdges = e);
        foreach (var j in judged.Where(j => j.Assessment.Admitted))
        {
            var book = q.For(j.Reading.Side);
            _env.Risk?.Tell(new EntrySignal(_platform, _ticker, j.Reading.Side, book.Bid, book.Ask, j.Reading.ModelProbability, j.Reading.Edge, j.Reading.Confidence,
                j.Strategy.Label, j.Strategy.Model, _link?.League, _link?.ExternalGameId, Now));
        }
    }

    private readonly HashSet<string> _unpriceableLogged = new(StringComparer.Ordinal);
    private string? _yesTeam; // from the listing, when the ticker does not say it

    /// <summary>
    /// The team a game market's YES pays on: the ticker's last part, in the teams table's spelling (Kalshi writes
    /// Jacksonville JAC and the Rams LA where the table, ESPN's feed and the models say JAX and LAR).
    /// </summary>
    private string YesTeam(string league)
    {
        if (_yesTeam is { } listed) return listed;
        var code = _ticker.Value[(_ticker.Value.LastIndexOf('-') + 1)..];
        return league == "nfl" ? Precog.Exchanges.Espn.NflTeamCodes.FromKalshi(code) ?? code : code;
    }

    // ---- freshness, for the data_stale breakers ---------------------------------------------------------------

    /// <summary>
    /// Tells the risk manager when the price and the game's state were last seen, whether the game is live and whether
    /// the market is a candidate: at once when one of those flags changed, otherwise at most once per interval, the
    /// last of an interval by a timer (so the risk manager's times are never more than one interval behind).
    /// </summary>
    private void ReportFreshness(bool force = false)
    {
        if (_env.Risk is not { } risk) return;
        var seen = new Risk.MarketDataSeen(_platform, _ticker, _link?.League, _priceSeenAt, _gameSeenAt, _game?.Status == GameStatus.Live, _candidate, _streamStalled);
        if (seen == _reported) return;
        var flagsChanged = _reported is not { } r || (r.League, r.GameLive, r.Candidate, r.StreamStalled) != (seen.League, seen.GameLive, seen.Candidate, seen.StreamStalled);
        // data after a silence longer than the interval goes at once: it may close an open data_stale breaker
        var resumed = _reported is { } last && (After(last.PriceAt, seen.PriceAt) || After(last.GameAt, seen.GameAt));
        var since = Now - _reportedAt;
        if (force || flagsChanged || resumed || since >= _env.FreshnessReporting)
        {
            Timers.Cancel(FreshnessTimer);
            _reported = seen;
            _reportedAt = Now;
            risk.Tell(seen);
        }
        else if (!Timers.IsActive(FreshnessTimer)) Timers.StartSingle(FreshnessTimer, new SendFreshness(), _env.FreshnessReporting - since);
    }

    private bool After(DateTimeOffset? reported, DateTimeOffset? seen) =>
        seen is { } now && (reported is not { } before || (now > before && Now - before > _env.FreshnessReporting));

    private bool Moved(IReadOnlyList<EdgeReading> readings)
    {
        if (_persistedEdges is not { } last) return readings.Count > 0;
        if (last.Edges.Count != readings.Count) return true;
        return readings.Zip(last.Edges, (now, then) => (now.Strategy, now.Model, now.Side) != (then.Strategy, then.Model, then.Side)
                                                       || Math.Abs(now.Edge - then.Edge) > _env.EdgeThreshold).Any(moved => moved);
    }
}
