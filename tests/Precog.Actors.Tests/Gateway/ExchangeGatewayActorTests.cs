using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using Precog.Actors.Gateway;
using Precog.Domain.Exits;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Exchanges;
using Precog.Exchanges.Simulated;

namespace Precog.Actors.Tests.Gateway;

/// <summary>
/// The gateway in front of a simulated exchange, with probes for the positions' answers and the breaker, and
/// time moved by hand (the TestKit's scheduler for Akka timers, a fake TimeProvider for the clock, together).
/// The exchange's OrderLog is the witness of what the venue was asked.
/// </summary>
public sealed class ExchangeGatewayActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.loglevel = ERROR
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        """);

    private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);
    private static readonly MarketTicker Ticker = new("KXNFLGAME-25DEC07BUFCIN-BUF");
    private static readonly ExchangeGatewaySettings Fast = ExchangeGatewaySettings.Default with
    {
        BackoffBase = TimeSpan.FromMilliseconds(100), BackoffMax = TimeSpan.FromSeconds(1), JitterSeed = 7,
    };

    private readonly FakeTimeProvider _time = new(T0);
    private readonly SimulatedExchange _exchange;
    private readonly TestProbe _answers;
    private readonly TestProbe _breaker;
    private readonly PositionId _position = new(Guid.Parse("6f1d9a52-3c1e-4c55-9a41-0c3b0b8f2e11"));

    public ExchangeGatewayActorTests() : base(Config)
    {
        _exchange = new SimulatedExchange(SimulatedExchangeSettings.Default with { Seed = 42 }, _time);
        _exchange.ListMarket(Ticker);
        _answers = CreateTestProbe("answers");
        _breaker = CreateTestProbe("breaker");
    }

    private IActorRef Start(ExchangeGatewaySettings? settings = null) =>
        Sys.ActorOf(ExchangeGatewayActor.Props(_exchange, _time, settings ?? Fast, _answers.Ref, _breaker.Ref));

    private void Advance(TimeSpan by)
    {
        _time.Advance(by);
        ((TestScheduler)Sys.Scheduler).Advance(by);
    }

    private static GatewayStatus Status(IActorRef gateway) => gateway.Ask<GatewayStatus>(GetGatewayStatus.Instance, TimeSpan.FromSeconds(3)).Result;

    private static BookLevel Level(decimal price, int size) => new(new Price(price), new Quantity(size));

    private static OrderRequest Order(Side side, OrderAction action, int quantity, decimal limit, ClientOrderId? id = null) =>
        new(id ?? ClientOrderId.New(), "kalshi", Ticker, side, action, new Quantity(quantity), new Price(limit), TimeInForce.GoodTillCanceled);

    /// <summary>Moves time a step at a time, each step once no call is under way, until <paramref name="count"/> answers came.</summary>
    private List<IOrderAnswer> PumpUntilAnswered(IActorRef gateway, int count, TimeSpan step, int maxSteps = 200)
    {
        var answers = new List<IOrderAnswer>();
        for (var i = 0; i < maxSteps && answers.Count < count; i++)
        {
            AwaitCondition(() => Status(gateway).InFlight == 0);
            while (_answers.HasMessages) answers.Add(_answers.ExpectMsg<IOrderAnswer>());
            if (answers.Count < count) Advance(step);
        }
        Assert.Equal(count, answers.Count);
        _answers.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        return answers;
    }

    private List<T> BreakerNotices<T>() =>
        _breaker.ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), m => m).OfType<T>().ToList();

    [Fact]
    public void A_crossing_order_is_answered_with_its_fills_and_fees()
    {
        // Given YES bids of 200 at 0.04, i.e. NO offered at 0.96
        _exchange.SetBook(Ticker, [Level(0.04m, 200)], []);
        var gateway = Start();

        // When a position buys 103 NO at 0.96
        var order = Order(Side.No, OrderAction.Buy, 103, 0.96m);
        gateway.Tell(new PlaceOrder(_position, order));

        // Then it hears the executed order with its one taker fill and the fee of TRADING_RULES §1
        var report = _answers.ExpectMsg<OrderReport>();
        Assert.Equal((_position, order.ClientOrderId, VenueOrderStatus.Executed), (report.Position, report.ClientOrderId, report.Order.Status));
        var fill = Assert.Single(report.Order.Fills);
        Assert.Equal((103, 0.96m, 0.28m, true, report.Order.OrderId), (fill.Quantity.Value, fill.Price.Value, fill.Fee.Value, fill.IsTaker, fill.OrderId));
        Assert.Equal(0, Status(gateway).RestingOrders); // an executed order is not polled
    }

    [Fact]
    public void A_resting_order_is_polled_and_its_later_fills_are_reported_then_it_is_forgotten()
    {
        // Given NO bids of 20 at 0.45 (YES ask 0.55), and a buy of 50 YES at 0.55: 20 fill, 30 rest
        _exchange.SetBook(Ticker, [], [Level(0.45m, 20)]);
        var gateway = Start();
        var order = Order(Side.Yes, OrderAction.Buy, 50, 0.55m);
        gateway.Tell(new PlaceOrder(_position, order));
        var placed = _answers.ExpectMsg<OrderReport>();
        Assert.Equal((VenueOrderStatus.Resting, 1), (placed.Order.Status, placed.Order.Fills.Count));
        Assert.Equal(1, Status(gateway).RestingOrders);

        // When a poll finds nothing new, nothing is said
        Advance(Fast.PollInterval);
        _answers.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        AwaitCondition(() => Status(gateway).InFlight == 0);

        // When the book moves through the limit and the next poll comes
        _exchange.SetBook(Ticker, [], [Level(0.46m, 100)]);
        Advance(Fast.PollInterval);

        // Then the position hears the executed order with every fill so far, the new maker fill included
        var filled = _answers.ExpectMsg<OrderReport>();
        Assert.Equal((placed.Order.OrderId, VenueOrderStatus.Executed), (filled.Order.OrderId, filled.Order.Status));
        Assert.Equal(new[] { (20, true), (30, false) }, filled.Order.Fills.Select(f => (f.Quantity.Value, f.IsTaker)).ToArray());

        // And the order is no longer polled
        AwaitCondition(() => Status(gateway).RestingOrders == 0);
        Advance(Fast.PollInterval * 3);
        _answers.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void The_same_client_order_id_placed_twice_is_one_order_at_the_venue()
    {
        var gateway = Start();
        var order = Order(Side.Yes, OrderAction.Buy, 10, 0.30m);

        gateway.Tell(new PlaceOrder(_position, order));
        var first = _answers.ExpectMsg<OrderReport>();
        gateway.Tell(new PlaceOrder(_position, order));
        var second = _answers.ExpectMsg<OrderReport>();

        Assert.Equal(first.Order.OrderId, second.Order.OrderId);
        Assert.Equal(
            new (OrderLogOutcome, string?)[] { (OrderLogOutcome.Placed, first.Order.OrderId), (OrderLogOutcome.Duplicate, first.Order.OrderId) },
            _exchange.OrderLog.Select(e => (e.Outcome, e.OrderId)).ToArray());
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void Unavailable_calls_are_retried_until_answered_and_never_make_a_second_order(double errorRate)
    {
        // Given a deep book and a venue failing this share of all calls
        _exchange.SetBook(Ticker, [Level(0.40m, 10_000)], []);
        _exchange.Faults = FaultSettings.None with { ErrorRate = errorRate };
        var gateway = Start(Fast with { MaxAttempts = 30 });

        // When ten positions' orders are placed
        var orders = Enumerable.Range(0, 10).Select(_ => Order(Side.No, OrderAction.Buy, 5, 0.60m)).ToList();
        foreach (var o in orders) gateway.Tell(new PlaceOrder(_position, o));

        // Then every order is answered with its executed report
        var answers = PumpUntilAnswered(gateway, orders.Count, Fast.BackoffMax);
        var reports = answers.Cast<OrderReport>().ToDictionary(r => r.ClientOrderId);
        Assert.Equal(orders.Select(o => o.ClientOrderId).ToHashSet(), reports.Keys.ToHashSet());
        Assert.All(reports.Values, r => Assert.Equal(VenueOrderStatus.Executed, r.Order.Status));

        // And the venue placed each exactly once, under the order id reported, after failures that really happened
        var log = _exchange.OrderLog;
        foreach (var o in orders)
        {
            var placed = Assert.Single(log, e => e.ClientOrderId == o.ClientOrderId && e.Outcome == OrderLogOutcome.Placed);
            Assert.Equal(placed.OrderId, reports[o.ClientOrderId].Order.OrderId);
        }
        Assert.DoesNotContain(log, e => e.Outcome == OrderLogOutcome.Duplicate);
        Assert.Contains(log, e => e.Outcome == OrderLogOutcome.Unavailable);
        Assert.NotEmpty(BreakerNotices<ApiCallFailedNotice>());
    }

    [Fact]
    public void A_venue_that_stays_unavailable_leaves_the_outcome_unknown_and_tells_the_breaker_each_failure()
    {
        var gateway = Start(Fast with { MaxAttempts = 3 });
        AwaitCondition(() => Status(gateway).Ready); // its resting orders re-learned before the venue fails
        _exchange.Faults = FaultSettings.None with { ErrorRate = 1.0 };
        var order = Order(Side.Yes, OrderAction.Buy, 10, 0.30m);

        gateway.Tell(new PlaceOrder(_position, order));

        var answer = Assert.IsType<OrderOutcomeUnknown>(Assert.Single(PumpUntilAnswered(gateway, 1, Fast.BackoffMax)));
        Assert.Equal((_position, order.ClientOrderId), (answer.Position, answer.ClientOrderId));
        Assert.Contains("3 times", answer.Reason);
        Assert.Equal(3, _exchange.OrderLog.Count(e => e.Outcome == OrderLogOutcome.Unavailable));
        Assert.Equal(3, _exchange.OrderLog.Count);
        var failures = BreakerNotices<ApiCallFailedNotice>();
        Assert.Equal(3, failures.Count);
        Assert.All(failures, f => Assert.Equal("kalshi", f.Platform));
    }

    [Fact]
    public void A_rate_limited_call_is_retried_no_sooner_than_the_venue_asked()
    {
        var gateway = Start();
        AwaitCondition(() => Status(gateway).Ready);
        _exchange.Faults = FaultSettings.None with { RateLimitRate = 1.0, RetryAfter = TimeSpan.FromSeconds(3) };
        gateway.Tell(new PlaceOrder(_position, Order(Side.Yes, OrderAction.Buy, 10, 0.30m)));
        AwaitCondition(() => Status(gateway).AwaitingRetry == 1);
        _exchange.Faults = FaultSettings.None;

        Advance(TimeSpan.FromSeconds(2.9));
        _answers.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Advance(TimeSpan.FromSeconds(0.1));

        _answers.ExpectMsg<OrderReport>();
        Assert.Equal(
            new[] { (OrderLogOutcome.RateLimited, T0), (OrderLogOutcome.Placed, T0.AddSeconds(3)) },
            _exchange.OrderLog.Select(e => (e.Outcome, e.At)).ToArray());
        Assert.Contains("rate limited", Assert.Single(BreakerNotices<ApiCallFailedNotice>()).Reason);
    }

    [Fact]
    public void A_place_that_times_out_after_the_venue_took_it_is_unknown_and_a_query_then_finds_the_order()
    {
        _exchange.Faults = FaultSettings.None with { TimeoutAfterAcceptRate = 1.0, TimeoutAfter = TimeSpan.FromSeconds(2) };
        var gateway = Start();
        var order = Order(Side.Yes, OrderAction.Buy, 10, 0.30m);
        gateway.Tell(new PlaceOrder(_position, order));
        AwaitCondition(() => _exchange.OrderLog.Count == 1); // the venue took it and now holds its answer back (on the test's clock)

        Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(order.ClientOrderId, _answers.ExpectMsg<OrderOutcomeUnknown>().ClientOrderId);
        Assert.Single(BreakerNotices<ApiCallFailedNotice>());
        _exchange.Faults = FaultSettings.None;
        gateway.Tell(new QueryOrder(_position, order.ClientOrderId, "kalshi"));
        var found = _answers.ExpectMsg<OrderReport>();
        Assert.Equal(Assert.Single(_exchange.OrderLog).OrderId, found.Order.OrderId);
        Assert.Equal(OrderLogOutcome.PlacedThenTimedOut, _exchange.OrderLog[0].Outcome);
    }

    [Fact]
    public void A_call_the_venue_does_not_answer_within_the_call_timeout_is_unknown()
    {
        _exchange.Faults = FaultSettings.None with { TimeoutAfterAcceptRate = 1.0, TimeoutAfter = TimeSpan.FromMinutes(5) };
        var gateway = Start(Fast with { CallTimeout = TimeSpan.FromSeconds(5) });
        gateway.Tell(new PlaceOrder(_position, Order(Side.Yes, OrderAction.Buy, 10, 0.30m)));
        AwaitCondition(() => _exchange.OrderLog.Count == 1 && Status(gateway).InFlight == 1); // the place itself, not the start's read of the venue

        Advance(TimeSpan.FromSeconds(4.9));
        _answers.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Advance(TimeSpan.FromSeconds(0.1));

        Assert.Contains("no answer within 5 s", _answers.ExpectMsg<OrderOutcomeUnknown>().Reason);
        Assert.Equal(0, Status(gateway).InFlight);
    }

    [Fact]
    public void A_call_under_way_does_not_hold_up_the_next_command()
    {
        // Given a place the venue takes but does not answer for a minute
        _exchange.Faults = FaultSettings.None with { TimeoutAfterAcceptRate = 1.0, TimeoutAfter = TimeSpan.FromMinutes(1) };
        var gateway = Start(Fast with { CallTimeout = TimeSpan.FromMinutes(5) });
        var slow = Order(Side.Yes, OrderAction.Buy, 10, 0.30m);
        gateway.Tell(new PlaceOrder(_position, slow));
        AwaitCondition(() => _exchange.OrderLog.Count == 1 && Status(gateway).InFlight == 1); // the place itself, not the start's read of the venue

        // When another position asks about its order meanwhile
        var other = new PositionId(Guid.NewGuid());
        var id = ClientOrderId.New();
        gateway.Tell(new QueryOrder(other, id, "kalshi"));

        // Then it is answered at once, and the slow place later
        Assert.Equal(new OrderNotFound(other, id), _answers.ExpectMsg<OrderNotFound>());
        Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(slow.ClientOrderId, _answers.ExpectMsg<OrderOutcomeUnknown>().ClientOrderId);
    }

    [Fact]
    public void A_query_for_an_order_the_venue_never_saw_says_not_found()
    {
        var gateway = Start();
        var id = ClientOrderId.New();
        gateway.Tell(new QueryOrder(_position, id, "kalshi"));
        Assert.Equal(new OrderNotFound(_position, id), _answers.ExpectMsg<OrderNotFound>());
    }

    [Fact]
    public void A_refused_order_is_rejected_with_the_venues_code_and_not_retried()
    {
        var gateway = Start();
        var offGrid = Order(Side.Yes, OrderAction.Buy, 10, 0.555m);
        gateway.Tell(new PlaceOrder(_position, offGrid));
        var rejected = _answers.ExpectMsg<OrderRejected>();
        Assert.Equal(offGrid.ClientOrderId, rejected.ClientOrderId);
        Assert.Contains("INVALID_PRICE", rejected.Reason);

        _exchange.CloseMarket(Ticker);
        gateway.Tell(new PlaceOrder(_position, Order(Side.Yes, OrderAction.Buy, 10, 0.30m)));
        Assert.Contains("MARKET_INACTIVE", _answers.ExpectMsg<OrderRejected>().Reason);

        Assert.Equal(2, _exchange.OrderLog.Count(e => e.Outcome == OrderLogOutcome.Rejected));
        Assert.Equal(2, _exchange.OrderLog.Count);
        Assert.Empty(BreakerNotices<ApiCallFailedNotice>());
    }

    [Fact]
    public void A_cancel_answers_with_the_canceled_order_and_its_fills()
    {
        _exchange.SetBook(Ticker, [], [Level(0.45m, 20)]);
        var gateway = Start();
        var order = Order(Side.Yes, OrderAction.Buy, 50, 0.55m);
        gateway.Tell(new PlaceOrder(_position, order));
        var placed = _answers.ExpectMsg<OrderReport>();

        gateway.Tell(new CancelOrder(_position, order.ClientOrderId, placed.Order.OrderId, "kalshi", Ticker));

        var canceled = _answers.ExpectMsg<OrderReport>();
        Assert.Equal((VenueOrderStatus.Canceled, 20), (canceled.Order.Status, canceled.Order.Fills.Sum(f => f.Quantity.Value)));
        Assert.Equal(0, Status(gateway).RestingOrders);
    }

    [Fact]
    public void An_empty_write_bucket_delays_places_in_order_but_never_drops_one()
    {
        // Given a write bucket holding one place (10 tokens), refilled by one place a second (reads unlimited
        // and no polls of the resting orders meanwhile, so that only the write bucket paces the answers)
        var gateway = Start(Fast with
        {
            Write = new TokenBucketSettings(10, 10), Read = new TokenBucketSettings(1_000_000, 1_000_000), PollInterval = TimeSpan.FromHours(1),
        });
        var orders = Enumerable.Range(0, 50).Select(_ => Order(Side.Yes, OrderAction.Buy, 1, 0.10m)).ToList();

        // When fifty are sent at once
        foreach (var o in orders) gateway.Tell(new PlaceOrder(_position, o));

        // Then one goes now and the others wait, in order
        Assert.Equal(orders[0].ClientOrderId, _answers.ExpectMsg<OrderReport>().ClientOrderId);
        AwaitCondition(() => Status(gateway).QueuedWrites == 49);
        _answers.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // And each refill lets the next one go
        foreach (var o in orders.Skip(1))
        {
            Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(o.ClientOrderId, _answers.ExpectMsg<OrderReport>().ClientOrderId);
        }
        Assert.Equal(
            Enumerable.Range(0, 50).Select(i => (orders[i].ClientOrderId, T0.AddSeconds(i))).ToArray(),
            _exchange.OrderLog.Select(e => (e.ClientOrderId, e.At)).ToArray());
        Assert.Equal(0, Status(gateway).QueuedWrites);
    }

    [Fact]
    public void Reconciliation_compares_the_venues_holdings_and_names_each_mismatch_with_both_quantities_leaving_the_verdict_to_the_caller()
    {
        _exchange.SetBook(Ticker, [Level(0.04m, 200)], []);
        var gateway = Start();
        gateway.Tell(new PlaceOrder(_position, Order(Side.No, OrderAction.Buy, 103, 0.96m)));
        _answers.ExpectMsg<OrderReport>();

        gateway.Tell(new Reconcile(new Dictionary<MarketTicker, (Side, Quantity)> { [Ticker] = (Side.No, new Quantity(103)) }));
        Assert.Equal(new ReconciliationResult(true, []).Matches, ExpectMsg<ReconciliationResult>().Matches);
        Assert.Empty(BreakerNotices<ReconciliationMismatch>());

        var other = new MarketTicker("KXNFLGAME-25DEC07BUFCIN-CIN");
        gateway.Tell(new Reconcile(new Dictionary<MarketTicker, (Side, Quantity)>
        {
            [Ticker] = (Side.No, new Quantity(100)),
            [other] = (Side.Yes, new Quantity(5)),
        }));
        var result = ExpectMsg<ReconciliationResult>();
        Assert.False(result.Matches);
        Assert.Equal(
            new[] { $"{Ticker}: expected No 100, exchange has No 103", $"{other}: expected Yes 5, exchange has nothing" },
            result.Mismatches.OrderBy(m => m, StringComparer.Ordinal).ToArray());
        // the gateway only answers: the reconciler confirms a mismatch before it alerts
        Assert.Empty(BreakerNotices<ReconciliationMismatch>());
    }
}
