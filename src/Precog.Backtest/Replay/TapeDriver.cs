using Akka.Actor;
using Precog.Actors.Games;
using Precog.Actors.Markets;
using Precog.Actors.Time;
using Precog.Backtest.Tapes;
using Precog.Domain.Games;
using Precog.Domain.Models;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Simulated;

namespace Precog.Backtest.Replay;

/// <summary>The tape is over: every event fed and the grace period for the last exits spent.</summary>
public sealed record TapeFinished(int Events);

/// <summary>A tape event could not be fed (the venue refused it: a book for a market not listed, a reopening of a settled one): the replay ends.</summary>
public sealed record TapeFailed(string Reason);

/// <summary>The replay of a tape stopped at an event it could not feed; the message names the event.</summary>
public sealed class TapeReplayException(string message) : Exception(message);

/// <summary>How far a replay has come: events fed and the tape time of the last one (read by the progress bar).</summary>
public sealed class ReplayProgress
{
    private long _events;
    private long _ticks;

    public long Events => Interlocked.Read(ref _events);

    public DateTimeOffset At => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    internal void Fed(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _ticks, at.UtcTicks);
        Interlocked.Increment(ref _events);
    }
}

/// <summary>
/// Feeds a tape to the engine as the game day driver feeds its script: one input per step of the virtual clock, at
/// its timestamp (inputs of one timestamp a millisecond apart), so the engine has finished with one before it sees
/// the next, in the same order every run. Books and market lifecycle go to the simulated exchange (which the
/// engine hears through its feed and trades against); listings and game states go to the market and game actors,
/// as a live node's catalogue and game feed would. The engine sees nothing the tape does not show it.
/// </summary>
public sealed class TapeDriver : ClockedActor
{
    /// <summary>The moment between two inputs of one timestamp.</summary>
    private static readonly TimeSpan StepGap = TimeSpan.FromMilliseconds(1);

    private readonly Tape _tape;
    private readonly SimulatedExchange _exchange;
    private readonly IActorRef _markets;
    private readonly IActorRef _games;
    private readonly GameRatingsTable _ratings;
    private readonly TimeProvider _time;
    private readonly TimeSpan _grace;
    private readonly ReplayProgress _progress;
    private readonly IActorRef _finished;
    private readonly Queue<Action> _steps = new();
    private int _next;

    public TapeDriver(Tape tape, SimulatedExchange exchange, IActorRef markets, IActorRef games, IActorRef feed, GameRatingsTable ratings, TimeProvider time,
        TimeSpan grace, ReplayProgress progress, IActorRef finished)
    {
        (_tape, _exchange, _markets, _games, _ratings, _time, _grace, _progress, _finished) = (tape, exchange, markets, games, ratings, time, grace, progress, finished);
        // the feed follows every market of the tape from the start: a market is then heard of from its listing on
        feed.Tell(new Actors.Feeds.FollowMarkets(tape.Events.OfType<MarketListed>().Select(m => new MarketTicker(m.Ticker)).Distinct().ToList()));
        Receive<Step>(_ => NextStep());
        Receive<Finish>(_ => _finished.Tell(new TapeFinished(_tape.Events.Count)));
    }

    protected override TimeProvider TimerClock => _time;

    public static Props Props(Tape tape, SimulatedExchange exchange, IActorRef markets, IActorRef games, IActorRef feed, GameRatingsTable ratings,
        TimeProvider time, TimeSpan grace, ReplayProgress progress, IActorRef finished) =>
        Akka.Actor.Props.Create(() => new TapeDriver(tape, exchange, markets, games, feed, ratings, time, grace, progress, finished));

    private sealed record Step;
    private sealed record Finish;

    protected override void PreStart() => Arm();

    /// <summary>
    /// Runs one input, then arms the timer of the next: a millisecond on within a tape event, else at the next event's time.
    /// An input the venue refuses ends the replay with the event named (a restarted driver would feed the tape again from
    /// its first event, into a venue that already has it).
    /// </summary>
    private void NextStep()
    {
        if (_steps.TryDequeue(out var step))
        {
            try
            {
                step();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                var at = _tape.Events[_next - 1];
                _finished.Tell(new TapeFailed($"tape event {_next} ({at.Kind} at {at.At:yyyy-MM-dd'T'HH:mm:ss'Z'}) could not be replayed: {e.Message}"));
                Context.Stop(Self);
                return;
            }
        }
        Arm();
    }

    private void Arm()
    {
        var now = _time.GetUtcNow();
        if (_steps.Count > 0)
        {
            Timers.StartSingle("step", new Step(), StepGap);
            return;
        }
        if (_next >= _tape.Events.Count)
        {
            Timers.StartSingle("finish", new Finish(), _grace);
            return;
        }
        var e = _tape.Events[_next++];
        Expand(e);
        Timers.StartSingle("step", new Step(), e.At > now ? e.At - now : StepGap);
    }

    /// <summary>The inputs one tape event makes, each a step of its own.</summary>
    private void Expand(TapeEvent e)
    {
        switch (e)
        {
            case MarketListed m:
                var ticker = new MarketTicker(m.Ticker);
                _steps.Enqueue(() => _markets.Tell(new ListMarket(_exchange.Platform, ticker, m.EventTicker, SeriesOf(m.EventTicker), m.Title, m.ExpectedExpiration,
                    m.League, m.GameId)));
                _steps.Enqueue(() => Fed(e, () => _exchange.ListMarket(ticker, m.EventTicker, m.Title, m.ExpectedExpiration)));
                break;
            case BookSnapshotted b:
                _steps.Enqueue(() => Fed(e, () => _exchange.ReplaceBook(new MarketTicker(b.Ticker), Levels(b.YesBids), Levels(b.NoBids))));
                break;
            case GameStateRecorded g:
                _steps.Enqueue(() => Fed(e, () =>
                {
                    if (g.HomeElo is { } home && g.AwayElo is { } away) _ratings.Record(g.GameId, new GameRatings(home, away, g.Neutral));
                    _games.Tell(new UpdateGame(new GameStateChanged(g.League, g.GameId, g.Home, g.Away, g.HomeScore, g.AwayScore, g.Period, g.Clock,
                        null, null, null, g.Status, _time.GetUtcNow())));
                }));
                break;
            case MarketSettled s:
                _steps.Enqueue(() => Fed(e, () => _exchange.SettleMarket(new MarketTicker(s.Ticker), new Price(s.YesPayout))));
                break;
            case MarketStatusRecorded m:
                _steps.Enqueue(() => Fed(e, () =>
                {
                    var ticker = new MarketTicker(m.Ticker);
                    if (m.Status == MarketStatusRecorded.Closed) _exchange.CloseMarket(ticker);
                    else _exchange.ReopenMarket(ticker);
                }));
                break;
            case TradeRecorded t:
                _steps.Enqueue(() => Fed(e, () => _exchange.PrintTrade(new MarketTicker(t.Ticker), t.TradeId, new Price(t.YesPrice), new Quantity(t.Count),
                    t.TakerSide == "yes" ? Side.Yes : Side.No)));
                break;
        }
    }

    private void Fed(TapeEvent e, Action input)
    {
        input();
        _progress.Fed(e.At);
    }

    private static string SeriesOf(string eventTicker) => eventTicker.Split('-')[0];

    private static List<BookLevel> Levels(IReadOnlyList<TapeLevel> levels) => levels.Select(l => new BookLevel(new Price(l.Price), new Quantity(l.Size))).ToList();
}
