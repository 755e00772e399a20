using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges.Simulated;
using static Precog.Exchanges.Tests.Simulated.SimulatedVenue;

namespace Precog.Exchanges.Tests.Simulated;

public class StreamAndLifecycleTests
{
    private static async Task<MarketDataEvent> Next(IAsyncEnumerator<MarketDataEvent> stream)
    {
        var moved = stream.MoveNextAsync();
        Assert.True(moved.IsCompleted, "the stream had nothing to read");
        Assert.True(await moved);
        return stream.Current;
    }

    [Fact]
    public async Task Stream_sends_the_snapshot_first_then_deltas_with_increasing_seq()
    {
        var venue = new SimulatedVenue();
        venue.SetBook([Level(0.40m, 10)], [Level(0.55m, 20)]);
        using var cts = new CancellationTokenSource();
        await using var stream = venue.Exchange.MarketData.ReadAsync([Ticker], cts.Token).GetAsyncEnumerator();

        var snapshot = Assert.IsType<BookSnapshot>(await Next(stream));
        venue.SetBook([Level(0.41m, 10)], [Level(0.55m, 25)]);

        Assert.Equal(Level(0.40m, 10), snapshot.Book.BestYesBid);
        var deltas = new[] { await Next(stream), await Next(stream), await Next(stream) }.Cast<BookDelta>().ToList();
        Assert.Equal(
            new[] { (Side.Yes, 0.40m, -10), (Side.Yes, 0.41m, 10), (Side.No, 0.55m, 5) },
            deltas.Select(d => (d.Side, d.Price.Value, d.Delta)));
        Assert.Equal(new[] { snapshot.Seq + 1, snapshot.Seq + 2, snapshot.Seq + 3 }, deltas.Select(d => d.Seq));
        var pending = stream.MoveNextAsync();
        Assert.False(pending.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    [Fact]
    public async Task A_step_of_the_price_process_goes_out_as_one_snapshot_of_the_new_ladder()
    {
        var venue = new SimulatedVenue();
        venue.SetBook([Level(0.40m, 10)], [Level(0.55m, 20)]);
        using var cts = new CancellationTokenSource();
        await using var stream = venue.Exchange.MarketData.ReadAsync([Ticker], cts.Token).GetAsyncEnumerator();
        var first = Assert.IsType<BookSnapshot>(await Next(stream));

        var book = venue.Exchange.StepPrice(Ticker, new Probability(0.70m));

        var next = Assert.IsType<BookSnapshot>(await Next(stream));
        Assert.Equal(first.Seq + 1, next.Seq);
        Assert.Equal(book.BestYesBid, next.Book.BestYesBid);
        Assert.Equal(book.BestNoBid, next.Book.BestNoBid);
        var pending = stream.MoveNextAsync();
        Assert.False(pending.IsCompleted); // nothing but the one snapshot
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    [Fact]
    public async Task Dropped_fill_notice_still_shows_in_GetFills()
    {
        var venue = new SimulatedVenue(new SimulatedExchangeSettings(Faults: new FaultSettings(DropFillNoticeRate: 1)));
        venue.SetBook([], [Level(0.45m, 100)]);
        await using var stream = venue.Exchange.MarketData.ReadAsync([Ticker], CancellationToken.None).GetAsyncEnumerator();
        await Next(stream);

        var order = await venue.Place(Order(Side.Yes, OrderAction.Buy, 10, 0.55m));
        venue.Exchange.CloseMarket(Ticker);

        var seen = new List<MarketDataEvent>();
        while (seen.LastOrDefault() is not MarketLifecycle)
            seen.Add(await Next(stream));
        Assert.Contains(seen, e => e is BookDelta { Delta: -10 });
        Assert.DoesNotContain(seen, e => e is FillNotice);
        Assert.Equal(10, Assert.Single(await venue.Fills(order.OrderId)).Quantity.Value);
    }

    [Fact]
    public async Task Fill_notice_is_published_when_not_dropped()
    {
        var venue = new SimulatedVenue();
        venue.SetBook([], [Level(0.45m, 100)]);
        await using var stream = venue.Exchange.MarketData.ReadAsync([Ticker], CancellationToken.None).GetAsyncEnumerator();
        await Next(stream);

        await venue.Place(Order(Side.Yes, OrderAction.Buy, 10, 0.55m));

        Assert.IsType<BookDelta>(await Next(stream));
        var notice = Assert.IsType<FillNotice>(await Next(stream));
        Assert.Equal(Assert.Single(await venue.Fills()), notice.Fill);
    }

    [Fact]
    public async Task Stalled_feed_goes_silent_and_shows_a_seq_gap_when_it_resumes()
    {
        var venue = new SimulatedVenue();
        venue.SetBook([Level(0.40m, 10)], []);
        await using var stream = venue.Exchange.MarketData.ReadAsync([Ticker], CancellationToken.None).GetAsyncEnumerator();
        var snapshot = (BookSnapshot)await Next(stream);

        venue.Exchange.Faults = new FaultSettings(FeedStalled: true);
        venue.SetBook([Level(0.41m, 10)], []);
        var waiting = stream.MoveNextAsync();
        Assert.False(waiting.IsCompleted);

        venue.Exchange.Faults = FaultSettings.None;
        venue.SetBook([Level(0.42m, 10)], []);
        Assert.True(await waiting);
        var first = Assert.IsType<BookDelta>(stream.Current);
        Assert.Equal(snapshot.Seq + 3, first.Seq); // the two stalled deltas were skipped
    }

    [Fact]
    public async Task Settlement_pays_held_contracts_into_the_balance_and_clears_positions()
    {
        var venue = new SimulatedVenue();
        venue.SetBook([], [Level(0.40m, 100)]);
        await venue.Place(Order(Side.Yes, OrderAction.Buy, 10, 0.60m)); // 6.00 + fee 0.17
        await using var stream = venue.Exchange.MarketData.ReadAsync([Ticker], CancellationToken.None).GetAsyncEnumerator();
        await Next(stream);

        venue.Exchange.SettleMarket(Ticker, Price.One);

        Assert.Equal(10_003.83m, await venue.Balance());
        Assert.Empty(await venue.Positions());
        var market = Assert.Single(await venue.Exchange.GetMarketsAsync(CancellationToken.None));
        Assert.Equal((MarketStatus.Settled, Price.One), (market.Status, market.YesSettlement));
        Assert.Equal(MarketStatus.Closed, ((MarketLifecycle)await Next(stream)).Status);
        Assert.Equal(new MarketLifecycle("kalshi", Ticker, MarketStatus.Settled, Price.One, venue.Clock.GetUtcNow()), await Next(stream));
    }

    [Fact]
    public async Task Tie_pays_half_to_either_side()
    {
        var venue = new SimulatedVenue();
        venue.SetBook([Level(0.70m, 100)], []);
        await venue.Place(Order(Side.No, OrderAction.Buy, 10, 0.30m)); // 3.00 + fee 0.15

        venue.Exchange.SettleMarket(Ticker, Price.Half);

        Assert.Equal(10_001.85m, await venue.Balance());
        Assert.Throws<ArgumentException>(() => venue.Exchange.SettleMarket(Ticker, new Price(0.3m)));
    }
}
