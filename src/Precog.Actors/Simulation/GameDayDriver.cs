using Akka.Actor;
using Akka.Event;
using Precog.Actors.Feeds;
using Precog.Actors.Games;
using Precog.Actors.Markets;
using Precog.Domain.Games;
using Precog.Domain.Models;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;

using Precog.Actors.Time;

namespace Precog.Actors.Simulation;

/// <summary>
/// How the scripted day is cut on the engine's clock: every <paramref name="Tick"/> the venue re-prices and the
/// games play that much further; <paramref name="Grace"/> after the last final the day ends (the last exits
/// and settlements are done by then). How fast the clock itself runs against the wall is the host's business
/// (a virtual clock, paced or not).
/// </summary>
public sealed record GameDayPace(TimeSpan Tick, TimeSpan Grace)
{
    /// <summary>A tick every 15 s of game time: 240 re-pricings of each market in a 60-minute game.</summary>
    public static readonly GameDayPace Standard = new(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(15));

    /// <summary>A tick every second of game time, for a day watched at wall-clock speed.</summary>
    public static readonly GameDayPace Fine = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));

    public TimeSpan GameTimePerTick => Tick;
}

/// <summary>The day is over: every game final, every market settled, and the grace period for the last exits spent.</summary>
public sealed record GameDayFinished(int Games);

/// <summary>
/// Plays the scripted game day against the simulated exchange: lists each game's market at the venue and in
/// the engine, then on every tick advances the games, feeds their states to the game actors, moves each
/// market's price around the model's probability (the exchange adds lag and noise, so edges appear), and
/// settles each market on its final score. The engine sees only the venue and the game feed, as in live trading.
/// </summary>
public sealed class GameDayDriver : ClockedActor
{
    private readonly SimulatedExchange _exchange;
    private readonly GameDaySimulation _day;
    private readonly NflWinModel _model;
    private readonly IActorRef _markets;
    private readonly IActorRef _games;
    private readonly IActorRef _feed;
    private readonly GameDayPace _pace;
    private readonly IActorRef? _finished;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _settled = [];
    private DateTimeOffset _dayClock;
    private readonly Action<object>? _inputs;

    public GameDayDriver(SimulatedExchange exchange, GameDaySimulation day, NflWinModel model, IActorRef markets, IActorRef games, IActorRef feed,
        GameDayPace pace, TimeProvider time, IActorRef? finished, Action<object>? inputs = null)
    {
        (_exchange, _day, _model, _markets, _games, _feed, _pace, _time, _finished, _inputs) = (exchange, day, model, markets, games, feed, pace, time, finished, inputs);
        _dayClock = time.GetUtcNow();
        Receive<Tick>(_ => Play());
        Receive<Step>(_ => NextStep());
        Receive<Finish>(_ =>
        {
            _log.Info("Game day over: {0} games played and settled", _day.Games.Count);
            _finished?.Tell(new GameDayFinished(_day.Games.Count));
        });
    }

    protected override TimeProvider TimerClock => _time;


    public static Props Props(SimulatedExchange exchange, GameDaySimulation day, NflWinModel model, IActorRef markets, IActorRef games, IActorRef feed,
        GameDayPace pace, TimeProvider time, IActorRef? finished, Action<object>? inputs = null) =>
        Akka.Actor.Props.Create(() => new GameDayDriver(exchange, day, model, markets, games, feed, pace, time, finished, inputs));

    private sealed record Tick;
    private sealed record Step;
    private sealed record Finish;

    /// <summary>The moment between two inputs of the same tick.</summary>
    private static readonly TimeSpan StepGap = TimeSpan.FromMilliseconds(1);

    private readonly Queue<Action> _steps = new();

    protected override void PreStart()
    {
        foreach (var g in _day.Games)
        {
            var pregame = _day.State(g.ExternalGameId);
            _steps.Enqueue(() =>
            {
                _exchange.ListMarket(g.Ticker, g.EventTicker, g.Title, g.Kickoff.AddHours(3.5));
                for (var i = 0; i < 6; i++) _exchange.StepPrice(g.Ticker, YesProbability(pregame)); // the book settles around the pregame price
            });
            _steps.Enqueue(() => Markets(new ListMarket(_exchange.Platform, g.Ticker, g.EventTicker, "KXNFLGAME", g.Title, g.Kickoff.AddHours(3.5), g.League, g.ExternalGameId)));
            _steps.Enqueue(() => Games(pregame));
            _log.Info("Game {0}: {1} at {2}, kickoff {3:HH:mm}, market {4}", g.ExternalGameId, g.Away, g.Home, g.Kickoff, g.Ticker);
        }
        _steps.Enqueue(() => _feed.Tell(new FollowMarkets(_day.Games.Select(g => g.Ticker).ToList())));
        _steps.Enqueue(() => Timers.StartPeriodic("tick", new Tick(), _pace.Tick));
        NextStep();
    }

    /// <summary>
    /// Hands the engine the next input of the plan, and arms a timer for the one after: one input at a time (a
    /// re-priced book, a game's new state, a settlement), each a moment after the last, so that on a virtual
    /// clock the engine has finished with one before it sees the next, in the same order every run.
    /// </summary>
    private void NextStep()
    {
        if (!_steps.TryDequeue(out var step)) return;
        step();
        if (_steps.Count > 0) Timers.StartSingle("step", new Step(), StepGap);
    }

    /// <summary>A listing for the engine's markets, shown first to whoever watches the day's inputs (a node's <c>--record</c>).</summary>
    private void Markets(ListMarket listing)
    {
        _inputs?.Invoke(listing);
        _markets.Tell(listing);
    }

    private void Games(GameStateChanged state)
    {
        _inputs?.Invoke(state);
        _games.Tell(new UpdateGame(state));
    }

    private Probability YesProbability(GameStateChanged state) => Probability.FromModel(_model.Estimate(state)?.HomeWins ?? 0.5);

    /// <summary>
    /// One tick: first the venue re-prices every open market around its game as it stood at the last tick, then
    /// the games play on and the feed reports them. The venue thus trails the game feed by a tick, as a market
    /// trails the play (and lags and jitters on top, in the exchange's price process): that is where the edges
    /// come from. Priced the other way round, the venue would move before the engine heard of the score, and
    /// every edge would be a trap.
    /// </summary>
    private void Play()
    {
        foreach (var g in _day.Games.Where(g => !_settled.Contains(g.ExternalGameId)))
            _exchange.StepPrice(g.Ticker, YesProbability(_day.State(g.ExternalGameId)));
        _dayClock += _pace.GameTimePerTick;
        foreach (var state in _day.Advance(_dayClock, _pace.GameTimePerTick))
        {
            var game = _day.Games.Single(g => g.ExternalGameId == state.ExternalGameId);
            Games(state);
            if (state.Status == GameStatus.Final && _settled.Add(game.ExternalGameId))
            {
                _exchange.SettleMarket(game.Ticker, _day.Payout(game));
                _log.Info("Final {0} {1} - {2} {3}: {4} settles at {5}", game.Home, state.HomeScore, state.AwayScore, game.Away, game.Ticker, _day.Payout(game));
            }
        }
        if (_day.IsOver)
        {
            Timers.Cancel("tick");
            Timers.StartSingle("finish", new Finish(), _pace.Grace);
        }
    }
}
