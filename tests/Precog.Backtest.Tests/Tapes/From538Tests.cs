using Precog.Backtest.Tapes;
using Precog.Cli;

namespace Precog.Backtest.Tests.Tapes;

public sealed class From538Tests
{
    private static readonly string Games = SharedData.Path("data", "nfl_games_538.csv");

    [Fact]
    public void A_season_tape_has_one_market_per_game_settled_on_the_real_result()
    {
        var out_ = Path.Combine(Path.GetTempPath(), $"precog-538-{Guid.NewGuid():N}.tape");
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = PrecogCli.Run(["tape", "from-538", "--games", Games, "--out", out_, "--season", "2019", "--seed", "3"], stdout, stderr, new CliTerminal(false));
            Assert.True(code == 0, stderr.ToString());

            var tape = TapeReader.Read(out_);
            var rows = GamesCsv.ReadGames(Games).Where(r => r.Game.Season == 2019).ToList();
            var markets = tape.Events.OfType<MarketListed>().ToList();
            Assert.Equal(rows.Count, markets.Count);
            Assert.Equal(markets.Count, markets.Select(m => m.Ticker).Distinct().Count());
            var settled = tape.Events.OfType<MarketSettled>().ToDictionary(s => s.Ticker, s => s.YesPayout);
            foreach (var row in rows)
            {
                var g = row.Game;
                var market = Assert.Single(markets, m => m.GameId == $"538-{g.Date:yyyyMMdd}-{g.Team2}-{g.Team1}");
                Assert.EndsWith($"-{g.Team1}", market.Ticker, StringComparison.Ordinal); // YES: team1 wins
                Assert.Equal((decimal)g.Result1!.Value, settled[market.Ticker]);
            }
            Assert.Contains(rows, r => r.Game.Result1 == 0.5); // 2019 had a tie: it settles at 0.5
            Assert.Contains("SYNTHETIC", tape.Header.Note, StringComparison.Ordinal);
            Assert.Contains("REAL", tape.Header.Note, StringComparison.Ordinal);
            Assert.Contains("season=2019", tape.Header.Source, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(out_);
        }
    }

    [Fact]
    public void The_market_is_settled_before_the_final_score_is_told()
    {
        var rows = new[] { new Game538(new DateOnly(2019, 9, 8), 2019, false, "ARI", "DET", 1450, 1480, 0.55, 27, 27, 0.5) };
        var (_, events) = From538.Convert(rows, new From538Settings(), "x.csv");
        var settled = events.ToList().FindIndex(e => e is MarketSettled);
        var final = events.ToList().FindIndex(e => e is GameStateRecorded { Status: Domain.Games.GameStatus.Final });
        Assert.True(settled < final);
        Assert.Equal(0.5m, ((MarketSettled)events[settled]).YesPayout);
    }
}
