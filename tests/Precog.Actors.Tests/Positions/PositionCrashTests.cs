using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Precog.Actors.Gateway;
using Precog.Actors.Positions;
using Precog.Domain;
using Precog.Domain.Entry;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Simulated;
using Precog.Persistence;
using Precog.Persistence.Journal;

namespace Precog.Actors.Tests.Positions;

/// <summary>
/// Whole actor systems killed in the middle of an exit and started again on the same SQLite journal, against
/// the same simulated exchange, whose order log is the independent witness: each step's order reaches the venue
/// once, and every fill at the venue is recorded by the position.
/// </summary>
public sealed class PositionCrashTests : IDisposable
{
    private static readonly MarketTicker Ticker = new("KXNFLGAME-25DEC07CINBUF-BUF");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly string _dir = Directory.CreateTempSubdirectory("precog-crash-").FullName;
    private readonly SimulatedExchange _exchange = new(SimulatedExchangeSettings.Default, TimeProvider.System);
    private readonly PositionId _id = PositionId.New();

    public PositionCrashTests()
    {
        _exchange.ListMarket(Ticker);
        _exchange.SetBook(Ticker, [new BookLevel(new Price(0.58m), new Quantity(5000))], [new BookLevel(new Price(0.40m), new Quantity(5000))]);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private ActorSystem Node() => ActorSystem.Create("crash", ConfigurationFactory.ParseString("akka.loglevel = WARNING")
        .WithFallback(JournalConfig.For(DatabaseTarget.Sqlite(Path.Combine(_dir, "journal.db")))));

    /// <summary>A position on this node; its gateway is the real one, or one that swallows every order (the node dies before sending).</summary>
    private static IActorRef Position(ActorSystem node, PositionId id, IActorRef gateway) =>
        node.ActorOf(PositionActor.Props(id, new PositionEnvironment(gateway, TimeProvider.System, TradingSettings.Default, ClientOrderId.New)), "position");

    private IActorRef Gateway(ActorSystem node, IActorRef answers) =>
        node.ActorOf(ExchangeGatewayActor.Props(_exchange, TimeProvider.System, ExchangeGatewaySettings.Default, answers));

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(Func<IActorRef?> target) => ReceiveAny(m => target()?.Forward(m));
    }

    /// <summary>A node with a real gateway whose answers reach the position, however it was restarted.</summary>
    private (ActorSystem Node, IActorRef Position) Start(bool swallowOrders = false)
    {
        var node = Node();
        IActorRef? position = null;
        var answers = node.ActorOf(Props.Create(() => new Forwarder(() => position)));
        var gateway = swallowOrders ? node.ActorOf(Props.Create(() => new Forwarder(() => null))) : Gateway(node, answers);
        position = Position(node, _id, gateway);
        return (node, position);
    }

    private static QuoteUpdated Quote(decimal yesBid) =>
        new("kalshi", Ticker, new Price(yesBid), new Price(yesBid + 0.01m), new Price(0.99m - yesBid), new Price(1 - yesBid), new Quantity(5000), new Quantity(5000), DateTimeOffset.UtcNow);

    private static async Task<PositionRecord> Until(IActorRef position, Func<PositionRecord, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var r = await position.Ask<PositionRecord>(new GetPosition(default), Patience);
            if (done(r)) return r;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"position did not get there: {r.Status}, held {r.Held}");
            await Task.Delay(20);
        }
    }

    private async Task<ClientOrderId> OpenThenTriggerStopLoss(IActorRef position)
    {
        position.Tell(new OpenPosition(_id, "kalshi", Ticker, Side.Yes, new Quantity(100), new Price(0.60m), "s v1.0", "m v1.0", null, ConfidenceTier.High));
        await Until(position, r => r.Entry is { Done: true } && r.Held.Value == 100);
        position.Tell(Quote(0.45m)); // −25 %: stop loss
        var r = await Until(position, r => r.Exits?.Active?.Attempt is not null);
        return r.Exits!.Active!.Attempt!.ClientOrderId;
    }

    [Fact]
    public async Task A_node_that_dies_after_persisting_an_exit_order_but_before_sending_it_sends_it_once_after_restart()
    {
        // given a position whose entry filled at the venue
        var (first, position) = Start();
        position.Tell(new OpenPosition(_id, "kalshi", Ticker, Side.Yes, new Quantity(100), new Price(0.60m), "s v1.0", "m v1.0", null, ConfidenceTier.High));
        await Until(position, r => r.Entry is { Done: true } && r.Held.Value == 100);
        await first.Terminate().WaitAsync(Patience);

        // when, on a node whose orders never leave it, the stop loss fires: the exit is persisted, not sent
        var (second, cutOff) = Start(swallowOrders: true);
        cutOff.Tell(Quote(0.45m));
        var planned = (await Until(cutOff, r => r.Exits?.Active?.Attempt is not null)).Exits!.Active!.Attempt!.ClientOrderId;
        await second.Terminate().WaitAsync(Patience);
        Assert.DoesNotContain(_exchange.OrderLog, e => e.ClientOrderId == planned);

        // and a node with a working gateway recovers the position
        var (third, recovered) = Start();
        var done = await Until(recovered, r => r.Status == PositionStatus.Closed);
        await third.Terminate().WaitAsync(Patience);

        // then the venue saw the exit's order exactly once, and the position holds every fill the venue has
        Assert.Single(_exchange.OrderLog, e => e.ClientOrderId == planned);
        var venueFills = await _exchange.GetFillsAsync(null, null, default);
        Assert.Equal(venueFills.Select(f => f.TradeId).Order(), done.Trades.Order());
        Assert.Equal(0, done.Held.Value);
    }

    [Fact]
    public async Task A_node_that_dies_right_after_sending_an_exit_order_never_sends_it_again_and_loses_no_fill()
    {
        var (first, position) = Start();
        var exit = await OpenThenTriggerStopLoss(position);
        // the order reaches the venue (and fills at once); the node dies before it hears back
        var deadline = DateTime.UtcNow + Patience;
        while (!_exchange.OrderLog.Any(e => e.ClientOrderId == exit) && DateTime.UtcNow < deadline) await Task.Delay(5);
        await first.Terminate().WaitAsync(Patience); // its answer from the venue is lost with it

        var (second, recovered) = Start();
        var done = await Until(recovered, r => r.Status == PositionStatus.Closed);
        await second.Terminate().WaitAsync(Patience);

        Assert.Single(_exchange.OrderLog, e => e.ClientOrderId == exit && e.Outcome == OrderLogOutcome.Placed);
        Assert.DoesNotContain(_exchange.OrderLog, e => e.Request.Action == Domain.Positions.OrderAction.Sell && e.ClientOrderId != exit && e.Outcome == OrderLogOutcome.Placed);
        var venueFills = await _exchange.GetFillsAsync(null, null, default);
        Assert.Equal(venueFills.Select(f => f.TradeId).Order(), done.Trades.Order());
    }

    [Fact]
    public async Task A_node_that_dies_after_persisting_the_entry_order_but_before_sending_it_sends_it_once_after_restart()
    {
        // given a node whose orders never leave it: the entry is decided and persisted, not sent
        var (first, cutOff) = Start(swallowOrders: true);
        cutOff.Tell(new OpenPosition(_id, "kalshi", Ticker, Side.Yes, new Quantity(100), new Price(0.60m), "s v1.0", "m v1.0", null, ConfidenceTier.High));
        var entry = (await Until(cutOff, r => r.Entry is not null)).Entry!.ClientOrderId;
        await first.Terminate().WaitAsync(Patience);
        Assert.Empty(_exchange.OrderLog);

        // when a node with a working gateway recovers it
        var (second, recovered) = Start();
        var held = await Until(recovered, r => r.Entry is { Done: true } && r.Held.Value == 100);
        await second.Terminate().WaitAsync(Patience);

        // then the venue saw the entry once, under the id persisted before the crash, and every fill is the position's
        Assert.Single(_exchange.OrderLog, e => e.ClientOrderId == entry && e.Outcome == OrderLogOutcome.Placed);
        Assert.Single(_exchange.OrderLog);
        var venueFills = await _exchange.GetFillsAsync(null, null, default);
        Assert.Equal(venueFills.Select(f => f.TradeId).Order(), held.Trades.Order());
    }

    [Fact]
    public async Task A_node_that_dies_right_after_sending_the_entry_order_never_sends_it_again_and_loses_no_fill()
    {
        var (first, position) = Start();
        position.Tell(new OpenPosition(_id, "kalshi", Ticker, Side.Yes, new Quantity(100), new Price(0.60m), "s v1.0", "m v1.0", null, ConfidenceTier.High));
        // the entry reaches the venue (and fills at once); the node dies before it hears back
        var deadline = DateTime.UtcNow + Patience;
        while (_exchange.OrderLog.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(1);
        await first.Terminate().WaitAsync(Patience);
        var entry = Assert.Single(_exchange.OrderLog).ClientOrderId;

        var (second, recovered) = Start();
        var held = await Until(recovered, r => r.Entry is { Done: true } && r.Held.Value == 100);
        await second.Terminate().WaitAsync(Patience);

        Assert.Single(_exchange.OrderLog, e => e.ClientOrderId == entry && e.Outcome == OrderLogOutcome.Placed);
        Assert.DoesNotContain(_exchange.OrderLog, e => e.ClientOrderId != entry);
        var venueFills = await _exchange.GetFillsAsync(null, null, default);
        Assert.Equal(venueFills.Select(f => f.TradeId).Order(), held.Trades.Order());
    }
}
