using System.Globalization;
using Precog.Actors.Simulation;
using Precog.Domain.Games;
using Precog.Domain.Models;
using Precog.Domain.Models.Elo;
using Precog.Domain.Models.InGame;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Simulated;

namespace Precog.Backtest.Tapes;

/// <summary>
/// Makes a tape of the scripted game day a scenario file describes (`precog tape from-scenario`): the very
/// simulation the node plays with `--scenario` (<see cref="GameDaySimulation"/>: the same seeded teams, kickoffs and
/// scoring) and the simulated venue's own price process (lag, noise, spread, levels, depth of the scenario), played
/// offline tick by tick as the game day driver plays it. Each market is listed with its game, re-quoted every tick
/// around the model's probability as the game stood at the last tick, and settled on its final score. The game
/// events carry the teams' ratings the day was drawn from, so a backtest's model prices the games as the node's
/// does. The scenario's faults are the venue's, not inputs: a backtest's venue has none.
/// </summary>
public static class FromScenario
{
    /// <summary>How far game time moves per tick (the node's standard pace).</summary>
    public static readonly TimeSpan Tick = GameDayPace.Standard.Tick;

    /// <param name="games">Games to draw when the scenario gives a number or none (the node's --games: 6).</param>
    public static (TapeHeader Header, IReadOnlyList<TapeEvent> Events) Convert(GameDayScenario scenario, IReadOnlyDictionary<string, double> ratings,
        DateTimeOffset start, int seed, string sourceName, int games = 6)
    {
        var day = scenario.Games is { } named
            ? new GameDaySimulation(seed, ratings, named.Select(g => (g.Home, g.Away, start + g.KickoffAfter)).ToList(), start)
            : new GameDaySimulation(seed, ratings, scenario.GameCount ?? games, start.AddMinutes(5), TimeSpan.FromMinutes(30));
        var time = new ManualTime(start);
        var venue = new SimulatedExchange(new SimulatedExchangeSettings(Seed: seed, Prices: scenario.Prices), time);
        var model = new NflWinModel(ratings, EloConfig.Nfl538, InGameConfig.Nfl);
        Probability YesOf(GameStateChanged state) => Probability.FromModel(model.Estimate(state)?.HomeWins ?? 0.5);
        GameStateRecorded Recorded(GameStateChanged s, DateTimeOffset at) =>
            new(at, s.League, s.ExternalGameId, s.HomeTeam, s.AwayTeam, s.HomeScore, s.AwayScore, s.Period, s.Clock, s.Status, ratings[s.HomeTeam], ratings[s.AwayTeam], false);
        BookSnapshotted Book(OrderBook b, DateTimeOffset at) =>
            new(at, b.Ticker.Value, b.YesBids.Select(l => new TapeLevel(l.Price.Value, (int)l.Size.Value)).ToList(),
                b.NoBids.Select(l => new TapeLevel(l.Price.Value, (int)l.Size.Value)).ToList());

        var events = new List<TapeEvent>();
        foreach (var g in day.Games)
        {
            var pregame = day.State(g.ExternalGameId);
            venue.ListMarket(g.Ticker, g.EventTicker, g.Title, g.Kickoff.AddHours(3.5));
            OrderBook book = null!;
            for (var i = 0; i < 6; i++) book = venue.StepPrice(g.Ticker, YesOf(pregame)); // the book settles around the pregame price, as on the node
            events.Add(new MarketListed(start, g.Ticker.Value, g.EventTicker, g.Title, g.Kickoff.AddHours(3.5), g.League, g.ExternalGameId));
            events.Add(Recorded(pregame, start));
            events.Add(Book(book, start));
        }
        var settled = new HashSet<string>(StringComparer.Ordinal);
        var clock = start;
        while (!day.IsOver)
        {
            // as GameDayDriver.Play: the venue re-prices around the game as it stood at the last tick, then the games play on
            foreach (var g in day.Games.Where(g => !settled.Contains(g.ExternalGameId)))
                events.Add(Book(venue.StepPrice(g.Ticker, YesOf(day.State(g.ExternalGameId))), clock));
            clock += Tick;
            time.Now = clock;
            foreach (var state in day.Advance(clock, Tick))
            {
                var game = day.Games.Single(g => g.ExternalGameId == state.ExternalGameId);
                if (state.Status == GameStatus.Final && settled.Add(game.ExternalGameId))
                    events.Add(new MarketSettled(clock, game.Ticker.Value, day.Payout(game).Value)); // settled before the final is told, as 538 tapes are
                events.Add(Recorded(state, clock));
            }
        }
        var source = string.Create(CultureInfo.InvariantCulture, $"from-scenario {Path.GetFileName(sourceName)}{(scenario.Name is { } n ? $" ({n})" : "")} seed={seed}");
        var header = new TapeHeader(TapeHeader.CurrentSchema, source, events[0].At, events[^1].At,
            "SIMULATED: the node's scripted game day (teams, kickoffs and scores drawn by the seed from the teams' ratings) with the simulated venue's " +
            $"price process (lag {scenario.Prices.Lag}, noise {scenario.Prices.Noise}, spread {scenario.Prices.Spread}); a tick every {Tick.TotalSeconds:0} s of game time.");
        return (header, events);
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
