using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using Precog.Actors.Games;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Domain;
using Precog.Domain.Fees;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Models;
using Precog.Domain.Models.Elo;
using Precog.Domain.Models.InGame;
using Precog.Domain.Strategies;
using Precog.Domain.Values;
using Precog.Exchanges;

namespace Precog.Actors.Tests.Markets;

public sealed class MarketActorTests : ActorTestBase
{
    public MarketActorTests()
    {
        Published = CreateTestProbe("published");
        Risk = CreateTestProbe("risk");
        Risk.IgnoreMessages<Precog.Actors.Risk.MarketDataSeen>(); // freshness reports: the data_stale tests' business
    }

    private static readonly MarketTicker Ticker = new("KXNFLGAME-25DEC07CINBUF-BUF"); // YES pays if BUF wins

    private TestProbe Published { get; }
    private TestProbe Risk { get; }

    private MarketEnvironment Env => new(Clock, TradingSettings.Default, [new StrategyDefinition("value", "v1.0", NflWinModel.DefaultLabel, 0.05m)],
        new NflWinModel(new Dictionary<string, double> { ["BUF"] = 1700, ["CIN"] = 1500 }, EloConfig.Nfl538, InGameConfig.Nfl), 1000, KalshiFeeModel.Default)
    {
        Risk = Risk.Ref,
        Publish = (_, topic, message) => Published.Ref.Tell((topic, message)),
    };

    private IActorRef Start()
    {
        var market = Sys.ActorOf(MarketActor.Props("kalshi", Ticker, Env));
        market.Tell(new ListMarket("kalshi", Ticker, "KXNFLGAME-25DEC07CINBUF", "KXNFLGAME", "Buffalo at Cincinnati: Buffalo wins?", null, "nfl", "401"));
        return market;
    }

    private static BookSnapshot Snapshot(decimal yesBid, decimal noBid, long seq) =>
        new("kalshi", Ticker, new OrderBook(Ticker, [new BookLevel(new Price(yesBid), new Quantity(300))], [new BookLevel(new Price(noBid), new Quantity(200))], T0), seq, T0);

    private static BookDelta Delta(Side side, decimal price, int delta, long seq) => new("kalshi", Ticker, side, new Price(price), delta, seq, T0);

    private QuoteUpdated ExpectQuote() => (QuoteUpdated)Published.ExpectMsg<(string Topic, object Message)>(m => m.Topic == Topics.Market("kalshi", Ticker.Value)).Message;

    private List<T> Events<T>() => Journaled($"market-kalshi-{Ticker}").OfType<T>().ToList();

    [Fact]
    public void Every_move_of_the_top_is_published_at_once_but_quote_history_is_persisted_at_most_once_per_interval()
    {
        var market = Start();
        market.Tell(new ApplyMarketData(Snapshot(0.55m, 0.43m, 1)));
        var first = ExpectQuote();
        Assert.Equal((0.55m, 0.57m, 0.43m, 0.45m), (first.YesBid.Value, first.YesAsk.Value, first.NoBid.Value, first.NoAsk.Value));

        for (var i = 1; i <= 4; i++)
            market.Tell(new ApplyMarketData(Delta(Side.Yes, 0.55m + 0.01m * i, 10, 1 + i)));
        for (var i = 1; i <= 4; i++) Assert.Equal(0.55m + 0.01m * i, ExpectQuote().YesBid.Value);
        AwaitAssert(() => Assert.Single(Events<QuoteChanged>()));

        Advance(TimeSpan.FromMilliseconds(250)); // the interval ends: its last quote is persisted
        AwaitAssert(() => Assert.Equal([0.55m, 0.59m], Events<QuoteChanged>().Select(q => q.YesBid.Value)));
    }

    [Fact]
    public async Task A_gap_in_the_sequence_makes_the_book_stale_until_the_next_snapshot()
    {
        var market = Start();
        market.Tell(new ApplyMarketData(Snapshot(0.55m, 0.43m, 1)));
        ExpectQuote();

        market.Tell(new ApplyMarketData(Delta(Side.Yes, 0.60m, 10, 5))); // 2-4 missing
        market.Tell(new ApplyMarketData(Delta(Side.Yes, 0.61m, 10, 6)));
        Published.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.True((await market.Ask<MarketView>(new GetMarket("kalshi", Ticker), TimeSpan.FromSeconds(5))).Stale);

        market.Tell(new ApplyMarketData(Snapshot(0.62m, 0.36m, 7)));
        Assert.Equal(0.62m, ExpectQuote().YesBid.Value);
    }

    [Fact]
    public void A_game_update_prices_the_market_persists_its_edges_and_sends_the_admitted_side_to_risk()
    {
        var market = Start();
        market.Tell(new ApplyMarketData(Snapshot(0.55m, 0.43m, 1)));
        ExpectQuote();

        // BUF (1700) away at CIN (1500): Elo gives BUF about 0.70, YES asks 0.57
        market.Tell(new GameStateChanged("nfl", "401", "CIN", "BUF", 0, 0, "Q1", "15:00", null, null, null, GameStatus.Pregame, T0));

        var signal = Risk.ExpectMsg<EntrySignal>();
        Assert.Equal((Side.Yes, 0.57m, "value v1.0", "nfl", "401"), (signal.Side, signal.Ask.Value, signal.Strategy, signal.League, signal.ExternalGameId));
        Assert.True(signal.Edge >= 0.05m, $"edge {signal.Edge}");
        Risk.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // NO at 0.45 against ~0.30 is no edge
        AwaitAssert(() => Assert.Equal([Side.Yes, Side.No], Assert.Single(Events<EdgesUpdated>()).Edges.Select(e => e.Side)));
    }

    [Theory]
    [InlineData("KXNFLGAME-25DEC07LVJAC-JAC", "JAX", "LV")] // Kalshi's Jacksonville
    [InlineData("KXNFLGAME-25DEC07SEALA-LA", "LAR", "SEA")] // Kalshi's Rams
    public void A_yes_team_in_kalshis_spelling_is_priced_as_the_home_team_it_names(string tickerText, string home, string away)
    {
        var ticker = new MarketTicker(tickerText);
        var env = Env with
        {
            Model = new NflWinModel(new Dictionary<string, double> { [home] = 1700, [away] = 1500 }, EloConfig.Nfl538, InGameConfig.Nfl),
        };
        var market = Sys.ActorOf(MarketActor.Props("kalshi", ticker, env));
        market.Tell(new ListMarket("kalshi", ticker, tickerText[..tickerText.LastIndexOf('-')], "KXNFLGAME", $"{away} at {home}", null, "nfl", "402"));
        market.Tell(new ApplyMarketData(new BookSnapshot("kalshi", ticker,
            new OrderBook(ticker, [new BookLevel(new Price(0.55m), new Quantity(300))], [new BookLevel(new Price(0.43m), new Quantity(200))], T0), 1, T0)));

        // the home team (1700 against 1500, at home) is the favourite: YES, which pays on it, is worth about 0.76
        market.Tell(new GameStateChanged("nfl", "402", home, away, 0, 0, "Q1", "15:00", null, null, null, GameStatus.Pregame, T0));

        var signal = Risk.ExpectMsg<EntrySignal>();
        Assert.Equal(Side.Yes, signal.Side);
        Assert.True(signal.ModelProbability.Value > 0.7m, $"YES priced at {signal.ModelProbability}: as the away side");
    }

    [Fact]
    public void Settlement_is_persisted_and_announced_on_the_markets_topic()
    {
        var market = Start();
        market.Tell(new ApplyMarketData(Snapshot(0.55m, 0.43m, 1)));
        ExpectQuote();

        market.Tell(new ApplyMarketData(new MarketLifecycle("kalshi", Ticker, MarketStatus.Settled, Price.One, T0)));

        var notice = (MarketSettledNotice)Published.ExpectMsg<(string Topic, object Message)>(m => m.Message is MarketSettledNotice).Message;
        Assert.Equal(Price.One, notice.YesSettlement);
        AwaitAssert(() => Assert.Equal(Price.One, Assert.Single(Events<MarketSettled>()).YesSettlement));
    }

    [Fact]
    public void A_game_persists_each_change_once_publishes_it_on_its_topic_and_confirms_a_repeat()
    {
        var game = Sys.ActorOf(GameActor.Props("nfl", "401", (_, topic, message) => Published.Ref.Tell((topic, message))));
        var state = new GameStateChanged("nfl", "401", "CIN", "BUF", 0, 7, "Q1", "09:12", "BUF", 1, 10, GameStatus.Live, T0);

        game.Tell(new UpdateGame(state));
        game.Tell(new UpdateGame(state with { At = T0.AddSeconds(5) })); // the same state again
        game.Tell(new UpdateGame(state with { AwayScore = 14, At = T0.AddSeconds(9) }));

        Assert.Equal(7, ((GameStateChanged)Published.ExpectMsg<(string Topic, object Message)>(m => m.Topic == "game:nfl:401").Message).AwayScore);
        // the repeat is not persisted, but confirmed to the markets: their game state is still current (data_stale)
        Assert.Equal(new GameStateConfirmed("nfl", "401", T0.AddSeconds(5)), Published.ExpectMsg<(string Topic, object Message)>().Message);
        Assert.Equal(14, ((GameStateChanged)Published.ExpectMsg<(string Topic, object Message)>().Message).AwayScore);
        AwaitAssert(() => Assert.Equal(2, Journaled("game-nfl-401").Count));
        game.Tell(new UpdateGame(state with { League = "nba" }));
        Published.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
