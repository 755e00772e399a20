using Akka.Actor;
using Akka.Pattern;
using Akka.TestKit;
using Precog.Actors.Gateway;
using Precog.Domain.Exits;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Simulated;

namespace Precog.Actors.Tests.Gateway;

/// <summary>
/// The gateway as the engine runs it: under its backoff supervisor, journaling its routes in the Persistence
/// TestKit's journal, in front of a simulated venue whose OrderLog witnesses every place.
/// </summary>
public sealed class GatewayRestartTests : ActorTestBase
{
    private static readonly MarketTicker Ticker = new("KXNFLGAME-25DEC07BUFCIN-BUF");
    private static readonly ExchangeGatewaySettings Settings = ExchangeGatewaySettings.Default with
    {
        RestartMinBackoff = TimeSpan.FromSeconds(1), RestartMaxBackoff = TimeSpan.FromSeconds(8), RestartRandomFactor = 0,
        PollInterval = TimeSpan.FromSeconds(2), JitterSeed = 7,
    };

    private readonly SimulatedExchange _venue;
    private readonly BreakableClient _client;
    private readonly TestProbe _answers;
    private readonly PositionId _first = new(Guid.Parse("6f1d9a52-3c1e-4c55-9a41-0c3b0b8f2e11"));
    private readonly PositionId _second = new(Guid.Parse("0c9e1f7a-1b2d-4e3f-8a5b-6c7d8e9f0a1b"));

    public GatewayRestartTests()
    {
        _venue = new SimulatedExchange(SimulatedExchangeSettings.Default with { Seed = 42 }, Clock);
        _venue.ListMarket(Ticker);
        _client = new BreakableClient(_venue);
        _answers = CreateTestProbe("answers");
    }

    private IActorRef StartSupervised() =>
        Sys.ActorOf(ExchangeGatewayActor.Supervised(_client, Clock, Settings, _answers.Ref, CreateTestProbe("notices").Ref), "gateway-kalshi");

    private static OrderRequest Buy(int quantity, decimal limit) =>
        new(ClientOrderId.New(), "kalshi", Ticker, Side.Yes, OrderAction.Buy, new Quantity(quantity), new Price(limit), TimeInForce.GoodTillCanceled);

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var give = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > give) throw new TimeoutException($"still not: {what}");
            await Task.Delay(10);
        }
    }

    private static async Task<bool> ChildIsUp(IActorRef supervisor) =>
        !(await supervisor.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TimeSpan.FromSeconds(3))).Ref.IsNobody();

    private static Task<GatewayStatus> Status(IActorRef gateway) => gateway.Ask<GatewayStatus>(GetGatewayStatus.Instance, TimeSpan.FromSeconds(3));

    private static BookLevel Level(decimal price, int size) => new(new Price(price), new Quantity(size));

    [Fact]
    public async Task A_gateway_crashing_mid_call_is_restarted_after_its_backoff_re_learns_the_resting_orders_and_never_sends_one_twice()
    {
        // Given a venue offering YES at 0.55 for 20, and a supervised gateway that has re-learned nothing yet
        var client = _client;
        _venue.SetBook(Ticker, [], [Level(0.45m, 20)]);
        var gateway = StartSupervised();
        await Until(async () => (await Status(gateway)).Ready, "the gateway is ready");

        // And a first position's buy of 50 of which 30 rest
        var first = Buy(50, 0.55m);
        gateway.Tell(new PlaceOrder(_first, first));
        var placed = _answers.ExpectMsg<OrderReport>();
        Assert.Equal((VenueOrderStatus.Resting, 20), (placed.Order.Status, placed.Order.Fills.Sum(f => f.Quantity.Value)));

        // When a second position's buy reaches the venue but the client throws something unforeseen on the way back
        client.BreakNextPlace();
        var second = Buy(10, 0.30m);
        gateway.Tell(new PlaceOrder(_second, second));

        // Then that position hears the outcome is unknown, and the gateway is down, not restarted in place
        Assert.Equal(second.ClientOrderId, _answers.ExpectMsg<OrderOutcomeUnknown>().ClientOrderId);
        await Until(async () => !await ChildIsUp(gateway), "the crashed gateway is stopped");

        // And it stays down for its minimum backoff, telling no one anything
        Advance(TimeSpan.FromSeconds(0.9));
        _answers.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.False(await ChildIsUp(gateway));

        // When the backoff has passed, it is started again at the same address and re-learns what rests at the venue
        Advance(TimeSpan.FromSeconds(0.1));
        var relearned = new[] { _answers.ExpectMsg<OrderReport>(), _answers.ExpectMsg<OrderReport>() }.ToDictionary(r => r.Position);

        // Then each position hears its own order, as the venue has it, fills included
        Assert.Equal((first.ClientOrderId, VenueOrderStatus.Resting, 20), (relearned[_first].ClientOrderId, relearned[_first].Order.Status,
            relearned[_first].Order.Fills.Sum(f => f.Quantity.Value)));
        Assert.Equal((second.ClientOrderId, VenueOrderStatus.Resting, 0), (relearned[_second].ClientOrderId, relearned[_second].Order.Status,
            relearned[_second].Order.Fills.Count));
        var status = await Status(gateway);
        Assert.Equal((true, 2, 2), (status.Ready, status.RestingOrders, status.Routed));

        // And polling goes on: when the book moves through the first order's limit, its position hears the rest filled
        _venue.SetBook(Ticker, [], [Level(0.46m, 100)]);
        Advance(Settings.PollInterval);
        var filled = _answers.FishForMessage<OrderReport>(r => r.Position == _first && r.Order.Status == VenueOrderStatus.Executed);
        Assert.Equal(50, filled.Order.Fills.Sum(f => f.Quantity.Value));

        // And the venue was asked to place each order exactly once
        Assert.Equal(
            new[] { (first.ClientOrderId, OrderLogOutcome.Placed), (second.ClientOrderId, OrderLogOutcome.Placed) },
            _venue.OrderLog.Select(e => (e.ClientOrderId, e.Outcome)).ToArray());
    }

    [Fact]
    public async Task A_gateway_that_keeps_crashing_waits_twice_as_long_before_each_restart()
    {
        var gateway = StartSupervised();
        await Until(async () => (await Status(gateway)).Ready, "the gateway is ready");

        // first crash: back after 1 s
        _client.BreakNextPlace();
        gateway.Tell(new PlaceOrder(_first, Buy(1, 0.10m)));
        _answers.ExpectMsg<OrderOutcomeUnknown>();
        await Until(async () => !await ChildIsUp(gateway), "stopped after the first crash");
        Advance(TimeSpan.FromSeconds(1));
        await Until(() => ChildIsUp(gateway), "restarted after 1 s");
        await Until(async () => (await Status(gateway)).Ready, "ready again");
        _answers.ExpectMsg<OrderReport>(); // the order the crash hid, re-learned for its position

        // second crash before the backoff resets: back after 2 s, not 1
        _client.BreakNextPlace();
        gateway.Tell(new PlaceOrder(_second, Buy(1, 0.10m)));
        _answers.ExpectMsg<OrderOutcomeUnknown>();
        await Until(async () => !await ChildIsUp(gateway), "stopped after the second crash");
        Advance(TimeSpan.FromSeconds(1));
        Assert.False(await ChildIsUp(gateway));
        Advance(TimeSpan.FromSeconds(1));
        await Until(() => ChildIsUp(gateway), "restarted after 2 s");
        Assert.Equal(2, _venue.OrderLog.Count(e => e.Outcome == OrderLogOutcome.Placed));
        Assert.Equal(2, _venue.OrderLog.Count);
    }
}
