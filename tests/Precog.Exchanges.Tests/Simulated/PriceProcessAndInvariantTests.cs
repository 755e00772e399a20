using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;
using static Precog.Exchanges.Tests.Simulated.SimulatedVenue;

namespace Precog.Exchanges.Tests.Simulated;

public class PriceProcessAndInvariantTests
{
    [Fact]
    public void Price_process_without_noise_or_lag_quotes_the_spread_around_the_true_probability()
    {
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Prices: new PriceProcessSettings(Lag: 0m, Noise: 0m, Spread: 0.02m, Levels: 3)));

        var book = venue.Exchange.StepPrice(Ticker, new Probability(0.60m));

        Assert.Equal((0.59m, 0.61m), (book.Bid(Side.Yes)!.Value.Value, book.Ask(Side.Yes)!.Value.Value));
        Assert.Equal(new[] { 0.57m, 0.58m, 0.59m }, book.YesBids.Select(l => l.Price.Value));
        Assert.Equal(new[] { 0.37m, 0.38m, 0.39m }, book.NoBids.Select(l => l.Price.Value));
    }

    [Fact]
    public void Price_process_lags_the_true_probability()
    {
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Prices: new PriceProcessSettings(Lag: 0.5m, Noise: 0m, Spread: 0.02m)));

        venue.Exchange.StepPrice(Ticker, new Probability(0.60m));
        var book = venue.Exchange.StepPrice(Ticker, new Probability(0.80m));

        Assert.Equal(0.69m, book.Bid(Side.Yes)!.Value.Value); // mid 0.70: half the gap kept
    }

    [Fact]
    public async Task Price_process_fills_a_resting_order_when_it_moves_through_it()
    {
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Prices: new PriceProcessSettings(Lag: 0m, Noise: 0m)));
        venue.Exchange.StepPrice(Ticker, new Probability(0.60m));
        var order = await venue.Place(Order(Side.Yes, OrderAction.Buy, 10, 0.55m));

        venue.Exchange.StepPrice(Ticker, new Probability(0.50m));

        var fill = Assert.Single(await venue.Fills(order.OrderId));
        Assert.Equal((0.55m, false), (fill.Price.Value, fill.IsTaker));
    }

    /// <summary>A scripted run with noise and faults: everything it produces is a function of the seed.</summary>
    private static async Task<string> Run(int seed)
    {
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Seed: seed, Faults: new FaultSettings(ErrorRate: 0.2, DropFillNoticeRate: 0.5)));
        var trace = new List<string>();
        var truth = 0.50m;
        for (var step = 0; step < 40; step++)
        {
            truth = Math.Clamp(truth + (step % 7 - 3) * 0.01m, 0.05m, 0.95m);
            var book = venue.Exchange.StepPrice(Ticker, new Probability(truth));
            trace.Add(string.Join(",", book.YesBids.Concat(book.NoBids).Select(l => $"{l.Price}x{l.Size}")));
            var id = new ClientOrderId(new Guid(step + 1, 0, 0, new byte[8]));
            try
            {
                var order = await venue.Place(Order(step % 2 == 0 ? Side.Yes : Side.No, OrderAction.Buy, 5 + step, step % 2 == 0 ? 0.50m : 0.45m, id: id));
                trace.Add($"{order.OrderId} {order.Status} {order.Filled}");
            }
            catch (ExchangeUnavailableException)
            {
                trace.Add("unavailable");
            }
        }
        venue.Exchange.Faults = FaultSettings.None;
        trace.AddRange((await venue.Fills()).Select(f => f.ToString()));
        trace.Add((await venue.Balance()).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join("\n", trace);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_prices_faults_and_fills()
    {
        var first = await Run(42);

        Assert.Equal(first, await Run(42));
        Assert.NotEqual(first, await Run(43));
        Assert.Contains("unavailable", first);
        Assert.Contains("SIM-T-", first);
    }

    private sealed record Step(bool Yes, bool Buy, int Quantity, int LimitCents, int Tif);

    private static readonly Gen<Step> Steps =
        from yes in Gen.Elements(true, false)
        from buy in Gen.Elements(true, false)
        from qty in Gen.Choose(1, 60)
        from cents in Gen.Choose(1, 99)
        from tif in Gen.Choose(0, 2)
        select new Step(yes, buy, qty, cents, tif);

    [Property(MaxTest = 60)]
    public Property Contracts_are_conserved_and_cash_changes_only_by_trade_value_and_fees()
    {
        var gen = from seed in Gen.Choose(0, 10_000)
                  from truthCents in Gen.Choose(5, 95)
                  from count in Gen.Choose(1, 25)
                  from steps in Steps.ArrayOf(count)
                  from payout in Gen.Elements(0m, 0.5m, 1m)
                  select (seed, truthCents, steps, payout);
        return Prop.ForAll(gen.ToArbitrary(), x => Conserves(x.seed, x.truthCents, x.steps, x.payout).GetAwaiter().GetResult());
    }

    private static async Task<Property> Conserves(int seed, int truthCents, IReadOnlyList<Step> steps, decimal payout)
    {
        const decimal start = 100_000m;
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Seed: seed, StartingBalance: start));
        var book = venue.Exchange.StepPrice(Ticker, new Probability(truthCents / 100m));
        var bookSizeBefore = book.YesBids.Concat(book.NoBids).Sum(l => l.Size.Value);
        foreach (var s in steps)
            await venue.Place(Order(s.Yes ? Side.Yes : Side.No, s.Buy ? OrderAction.Buy : OrderAction.Sell, s.Quantity, s.LimitCents / 100m, (TimeInForce)s.Tif));
        var fills = await venue.Fills();
        book = await venue.Exchange.GetOrderBookAsync(Ticker, CancellationToken.None);
        var bookSizeAfter = book.YesBids.Concat(book.NoBids).Sum(l => l.Size.Value);

        // Contracts the account traded are exactly those the book gave up.
        var conserved = fills.Sum(f => f.Quantity.Value) == bookSizeBefore - bookSizeAfter;

        // The held position is the net of the fills, in YES terms (buy YES or sell NO adds; the others take away).
        var netYes = fills.Sum(f => (f.Side == Side.Yes) == (f.Action == OrderAction.Buy) ? f.Quantity.Value : -f.Quantity.Value);
        var position = (await venue.Positions()).SingleOrDefault();
        var held = position is null ? 0 : position.Side == Side.Yes ? position.Quantity.Value : -position.Quantity.Value;

        // After settlement, cash moved by each fill's value at the payout less its fee, and by nothing else.
        venue.Exchange.SettleMarket(Ticker, new Price(payout));
        var expected = start + fills.Sum(f =>
        {
            var sign = f.Action == OrderAction.Buy ? 1m : -1m;
            var sidePayout = f.Side == Side.Yes ? payout : 1m - payout;
            return sign * f.Quantity.Value * (sidePayout - f.Price.Value) - f.Fee.Value;
        });
        var balance = await venue.Balance();
        return (conserved && netYes == held && balance == expected)
            .Label($"conserved={conserved} netYes={netYes} held={held} balance={balance} expected={expected}");
    }
}
