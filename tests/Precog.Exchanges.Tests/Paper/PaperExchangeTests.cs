using Microsoft.Extensions.Time.Testing;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Paper;
using Precog.Exchanges.Simulated;

namespace Precog.Exchanges.Tests.Paper;

/// <summary>
/// The paper exchange over a venue (here a simulated exchange standing in for Kalshi, its order log the witness): the
/// venue's stream keeps the paper copy of its book, paper orders fill against that copy with fees, the venue receives
/// no order and its cash does not move, and the venue's settlement pays the paper position.
/// </summary>
public sealed class PaperExchangeTests
{
    private static readonly MarketTicker T = new("KXNFLGAME-26JAN04CARKC-KC");

    private static List<BookLevel> Bids(decimal price, int size) => [new BookLevel(new Price(price), new Quantity(size))];

    private static async Task UntilAsync(IAsyncEnumerator<MarketDataEvent> events, Func<MarketDataEvent, bool> seen)
    {
        while (await events.MoveNextAsync())
            if (seen(events.Current)) return;
        throw new InvalidOperationException("the stream ended");
    }

    [Fact]
    public async Task Paper_orders_fill_on_the_live_books_copy_with_fees_none_reaches_the_venue_and_its_settlement_pays()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 4, 17, 0, 0, TimeSpan.Zero));
        var venue = new SimulatedExchange(new SimulatedExchangeSettings(StartingBalance: 500m), time);
        venue.ListMarket(T);
        venue.SetBook(T, Bids(0.60m, 100), Bids(0.37m, 100));
        var paper = new PaperExchange(venue, venue.MarketData, 1_000m, time);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Contains(await paper.GetMarketsAsync(cts.Token), m => m.Ticker == T);
        await using var events = paper.ReadAsync([T], cts.Token).GetAsyncEnumerator(cts.Token);
        await UntilAsync(events, e => e is BookSnapshot);
        Assert.Equal(new Price(0.63m), (await paper.GetOrderBookAsync(T, cts.Token)).Ask(Side.Yes));

        // when the venue's book moves (level by level: deltas), the paper copy follows as the stream is read
        venue.SetBook(T, Bids(0.60m, 100), Bids(0.30m, 100));
        await UntilAsync(events, _ => paper.GetOrderBookAsync(T, cts.Token).Result.Ask(Side.Yes) == new Price(0.70m));

        // then a paper IOC buy of YES fills at the copy's ask, with the taker fee, on the paper account only
        var placed = await paper.PlaceOrderAsync(new OrderRequest(ClientOrderId.New(), "kalshi", T, Side.Yes, OrderAction.Buy, new Quantity(10), new Price(0.75m),
            TimeInForce.ImmediateOrCancel), cts.Token);
        Assert.Equal(OrderStatus.Executed, placed.Status);
        var fill = Assert.Single(await paper.GetFillsAsync(placed.OrderId, null, cts.Token));
        Assert.Equal((new Price(0.70m), new Quantity(10)), (fill.Price, fill.Quantity));
        Assert.True(fill.Fee.Value > 0m);
        Assert.Equal(1_000m - 7.00m - fill.Fee.Value, (await paper.GetBalanceAsync(cts.Token)).Value);
        Assert.Equal([new ExchangePosition(T, Side.Yes, new Quantity(10))], await paper.GetPositionsAsync(cts.Token));
        Assert.Empty(venue.OrderLog);
        Assert.Equal(500m, venue.Balance.Value);

        // and when the venue settles YES, the paper position is paid a dollar a contract
        venue.SettleMarket(T, Price.One);
        await UntilAsync(events, e => e is MarketLifecycle { Status: MarketStatus.Settled });
        Assert.Equal(1_000m - 7.00m - fill.Fee.Value + 10m, paper.Balance.Value);
        Assert.Empty(await paper.GetPositionsAsync(cts.Token));
    }
}
