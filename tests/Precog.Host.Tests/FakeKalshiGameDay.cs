using System.Globalization;
using Precog.Domain.Games;
using Precog.Domain.Models;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;
using Precog.Testing.FakeFeeds;
using Precog.Testing.FakeKalshi;

namespace Precog.Host.Tests;

/// <summary>
/// The simulator's scripted game day played on the fake venues, on the wall clock: the games of a
/// <see cref="GameDaySimulation"/> (seeded scoring, quarter by quarter), their states on the fake ESPN scoreboard, and
/// each game's Kalshi market (<c>KXNFLGAME-26JAN04CARKC-KC</c>: YES on the home team) on the fake Kalshi with the books of
/// the simulated exchange's seeded price process (lag and noise around the model's probability). Every
/// <see cref="Every"/> of wall time the games play <see cref="GameTimePerTick"/> further, so a 60-minute game takes
/// about <c>240 s / (GameTimePerTick / 15 s) × Every</c>. A final game's market is settled at the fake (determined, then
/// finalized, holdings paid out). The node under test sees only the two fakes, over HTTP and WebSocket.
/// <para>
/// The books trail the scoreboard by <see cref="BookTrailsBy"/> ticks, as the simulator's venue trails its feed by a
/// tick: the node reads the scoreboard by polling, and a book that moved before the node could have heard of the score
/// would make every edge a trap (docs/DECISIONS.md, "The game day against the fake Kalshi").
/// </para>
/// </summary>
public sealed class FakeKalshiGameDay : IAsyncDisposable
{
    public const string Series = "KXNFLGAME";

    private readonly FakeKalshiServer _kalshi;
    private readonly FakeEspnServer _espn;
    private readonly GameDaySimulation _day;
    private readonly NflWinModel _model;
    private readonly SimulatedExchange _prices;
    private readonly Dictionary<string, Queue<GameStateChanged>> _trail = [];
    private readonly Dictionary<string, ScriptedTeam> _teams = new(StringComparer.Ordinal);
    private readonly HashSet<string> _settled = [];
    private readonly TaskCompletionSource _over = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task? _playing;

    /// <param name="matchups">Home, away and kickoff of each game (team codes that Kalshi, ESPN and the ratings spell alike).</param>
    public FakeKalshiGameDay(FakeKalshiServer kalshi, FakeEspnServer espn, IReadOnlyDictionary<string, double> ratings, int seed,
        IReadOnlyList<(string Home, string Away, DateTimeOffset Kickoff)> matchups, PriceProcessSettings prices)
    {
        _kalshi = kalshi;
        _espn = espn;
        _day = new GameDaySimulation(seed, ratings, matchups, matchups.Min(m => m.Kickoff));
        _model = new NflWinModel(ratings, Precog.Domain.Models.Elo.EloConfig.Nfl538, Precog.Domain.Models.InGame.InGameConfig.Nfl);
        _prices = new SimulatedExchange(new SimulatedExchangeSettings(Seed: seed, Prices: prices), TimeProvider.System);
        var eastern = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Markets = _day.Games.ToDictionary(g => g.ExternalGameId, g =>
        {
            var date = TimeZoneInfo.ConvertTime(g.Kickoff, eastern).ToString("yyMMMdd", CultureInfo.InvariantCulture).ToUpperInvariant();
            return $"{Series}-{date}{g.Away}{g.Home}-{g.Home}";
        });
        var ids = ratings.Keys.Order(StringComparer.Ordinal).Select((code, i) => (code, i)).ToDictionary(x => x.code, x => (x.i + 1).ToString(CultureInfo.InvariantCulture));
        foreach (var code in ratings.Keys) _teams[code] = new ScriptedTeam(ids[code], code);
    }

    /// <summary>Wall time between two ticks.</summary>
    public TimeSpan Every { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Game time played per tick.</summary>
    public TimeSpan GameTimePerTick { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How many ticks behind the scoreboard the books are priced.</summary>
    public int BookTrailsBy { get; init; } = 8;

    /// <summary>Called at every tick, after the books moved and the scoreboard was served (a test's fault schedule).</summary>
    public Action<int>? OnTick { get; init; }

    /// <summary>Each game's market ticker at the fake Kalshi, by ESPN event id.</summary>
    public IReadOnlyDictionary<string, string> Markets { get; }

    /// <summary>The YES payout of each settled market, by ticker.</summary>
    public Dictionary<string, decimal> Payouts { get; } = new(StringComparer.Ordinal);

    /// <summary>Completes when every game is final and its market settled at the fake.</summary>
    public Task Over => _over.Task;

    /// <summary>Lists the markets (books settled around the pregame price) and serves the pregame scoreboard; the games wait for <see cref="Play"/>.</summary>
    public void List()
    {
        _kalshi.SetSeries(Series, "quadratic", 1m);
        foreach (var g in _day.Games)
        {
            var ticker = Markets[g.ExternalGameId];
            _kalshi.ListMarket(ticker, ticker[..ticker.LastIndexOf('-')], Series, g.Title);
            _prices.ListMarket(new MarketTicker(ticker), g.EventTicker, g.Title);
            var pregame = _day.State(g.ExternalGameId);
            _trail[g.ExternalGameId] = new Queue<GameStateChanged>([pregame]);
            for (var i = 0; i < 6; i++) Quote(ticker, pregame);
        }
        ServeScoreboard();
    }

    /// <summary>Starts the clock: a tick every <see cref="Every"/> until the day is over.</summary>
    public void Play() => _playing = Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Every);
        var tick = 0;
        try
        {
            while (!_day.IsOver || _settled.Count < _day.Games.Count)
            {
                await timer.WaitForNextTickAsync(_stop.Token);
                Tick();
                OnTick?.Invoke(++tick);
            }
            _over.TrySetResult();
        }
        catch (OperationCanceledException)
        {
            _over.TrySetCanceled();
        }
        catch (Exception e)
        {
            _over.TrySetException(e);
        }
    }

    /// <summary>
    /// One tick: the books move toward the model's probability of the games as they stood <see cref="BookTrailsBy"/>
    /// ticks ago, then the games play on and the scoreboard shows them; a game final on the scoreboard at the last
    /// tick, whose book has caught up, is settled now.
    /// </summary>
    private void Tick()
    {
        foreach (var g in _day.Games.Where(g => !_settled.Contains(g.ExternalGameId)))
        {
            var trail = _trail[g.ExternalGameId];
            var ticker = Markets[g.ExternalGameId];
            if (trail.Peek().Status == GameStatus.Final)
            {
                var payout = _day.Payout(g).Value;
                _kalshi.SettleMarket(ticker, payout);
                Payouts[ticker] = payout;
                _settled.Add(g.ExternalGameId);
                continue;
            }
            Quote(ticker, trail.Count > BookTrailsBy ? trail.Dequeue() : trail.Peek());
        }
        _day.Advance(DateTimeOffset.UtcNow, GameTimePerTick);
        foreach (var g in _day.Games) _trail[g.ExternalGameId].Enqueue(_day.State(g.ExternalGameId));
        ServeScoreboard();
    }

    private void Quote(string ticker, GameStateChanged state)
    {
        var book = _prices.StepPrice(new MarketTicker(ticker), Probability.FromModel(_model.Estimate(state)?.HomeWins ?? 0.5));
        _kalshi.SetBook(ticker, book.YesBids.Select(l => (l.Price.Value, l.Size.Value)), book.NoBids.Select(l => (l.Price.Value, l.Size.Value)));
    }

    private void ServeScoreboard() => _espn.Serve(EspnScoreboardBuilder.Build(_day.Games.Select(g => Scripted(g, _day.State(g.ExternalGameId)))));

    /// <summary>A game's state in ESPN's terms.</summary>
    private ScriptedGame Scripted(ScheduledGame g, GameStateChanged s)
    {
        var (home, away) = (_teams[g.Home], _teams[g.Away]);
        var clock = s.Clock.TrimStart('0') is { Length: > 0 } c && c[0] != ':' ? c : "0" + s.Clock.TrimStart('0');
        return s.Status switch
        {
            GameStatus.Pregame => ScriptedGame.Scheduled(g.ExternalGameId, g.Kickoff, home, away),
            GameStatus.Final => ScriptedGame.Final(g.ExternalGameId, g.Kickoff, home, away, s.HomeScore, s.AwayScore),
            GameStatus.Halftime => new ScriptedGame(g.ExternalGameId, g.Kickoff, home, away, s.HomeScore, s.AwayScore, "in", "STATUS_HALFTIME", false, 2, "0:00"),
            _ => ScriptedGame.Live(g.ExternalGameId, g.Kickoff, home, away, s.HomeScore, s.AwayScore, int.Parse(s.Period[1..], CultureInfo.InvariantCulture), clock,
                s.Possession is { } p ? _teams[p].Id : null, s.Down, s.Distance),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_playing is not null)
            try { await _playing; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
