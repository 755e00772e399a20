using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Precog.Actors.Metrics;
using Precog.Domain.Exits;
using Precog.Domain.Orders;
using Precog.Domain.Values;
using Precog.Exchanges;

using Precog.Actors.Time;

namespace Precog.Actors.Gateway;

/// <summary>
/// The one door to an exchange account. It turns positions' commands into venue calls, never blocking its
/// mailbox (every call is a task piped back), spends each call's tokens from the read or write bucket (a call
/// waits in order while its bucket is empty, it is never dropped), retries what did not take effect
/// (unavailable, 429) with jittered exponential backoff, says "unknown" when it cannot know, polls the orders
/// that still rest for fills, and reads the venue's holdings and resting orders for reconciliation. Every answer goes to
/// <c>answers</c> (the position shard region in production); every failed call is told to <c>breaker</c>.
/// <para>
/// It journals which position each new client order id belongs to (<see cref="OrderRouted"/>, persistence id
/// <c>gateway-PLATFORM</c>) before sending it, and closes the route when it tells the position the order's end. At
/// every start (a node's, a hand-over's, or a restart by its backoff supervisor after a crash) it first re-learns the
/// venue's resting orders (GetOrders) and asks about every order still routed, tells their positions what it finds
/// (they decide: the venue is authoritative), polls those that rest, and only then takes new commands.
/// </para>
/// </summary>
public sealed class ExchangeGatewayActor : ClockedPersistentActor
{
    private static readonly TimerKey PollTimer = new("poll", 0);
    private static readonly TimerKey RelearnTimer = new("relearn", 0);

    /// <summary>The venue's fills are read from this long before the oldest open position opened (clocks differ).</summary>
    private static readonly TimeSpan FillWindowMargin = TimeSpan.FromHours(1);

    private readonly IExchange _exchange;
    private readonly TimeProvider _time;
    private readonly ExchangeGatewaySettings _settings;
    private readonly IActorRef _answers;
    private readonly IActorRef? _breaker;
    private readonly Random _jitter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<RateBucket, (TokenBucket Tokens, Queue<PendingCall> Waiting)> _buckets;
    private readonly Dictionary<long, PendingCall> _inFlight = new();
    private readonly Dictionary<long, PendingCall> _awaitingRetry = new();
    private readonly Dictionary<string, RestingOrder> _resting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _polling = new(StringComparer.Ordinal);
    private readonly Dictionary<ClientOrderId, OrderRouted> _routes = new();
    private long _nextCallId;
    private bool _ready; // the venue's resting orders are re-learned: commands are taken, not stashed

    public ExchangeGatewayActor(IExchange exchange, TimeProvider time, ExchangeGatewaySettings settings, IActorRef answers, IActorRef? breaker)
    {
        _exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validated();
        _answers = answers ?? throw new ArgumentNullException(nameof(answers));
        _breaker = breaker;
        _jitter = new Random(settings.JitterSeed);
        var now = time.GetUtcNow();
        _buckets = new()
        {
            [RateBucket.Read] = (new TokenBucket(settings.Read, now), new Queue<PendingCall>()),
            [RateBucket.Write] = (new TokenBucket(settings.Write, now), new Queue<PendingCall>()),
        };

        PersistenceId = $"gateway-{exchange.Platform}";

        Recover<OrderRouted>(r => _routes[r.ClientOrderId] = r);
        Recover<OrderRouteClosed>(c => _routes.Remove(c.ClientOrderId));
        Recover<RecoveryCompleted>(_ => Relearn());

        Command<PlaceOrder>(c => WhenReady(c, OnPlace));
        Command<CancelOrder>(c => WhenReady(c, OnCancel));
        Command<QueryOrder>(c => WhenReady(c, OnQuery));
        Command<Reconcile>(c => WhenReady(c, OnReconcile));
        Command<GetGatewayStatus>(_ => Sender.Tell(new GatewayStatus(
            _buckets[RateBucket.Read].Waiting.Count, _buckets[RateBucket.Write].Waiting.Count, _inFlight.Count, _awaitingRetry.Count, _resting.Count)
        {
            Ready = _ready, Routed = _routes.Count,
        }));
        Command<CallCompleted>(OnCompleted);
        Command<CallFaulted>(OnFaulted);
        Command<CallTimedOut>(OnTimedOut);
        Command<RetryDue>(OnRetryDue);
        Command<BucketRefilled>(r => Drain(r.Bucket));
        Command<PollDue>(_ => OnPoll());
        Command<RelearnDue>(_ => Relearn());
    }

    public override string PersistenceId { get; }

    protected override TimeProvider TimerClock => _time;


    public static Props Props(IExchange exchange, TimeProvider time, ExchangeGatewaySettings settings, IActorRef answers, IActorRef? breaker = null) =>
        Akka.Actor.Props.Create(() => new ExchangeGatewayActor(exchange, time, settings, answers, breaker));

    /// <summary>
    /// The gateway under Akka's backoff supervisor, as the engine runs it: any failure (an unforeseen exception, a
    /// journal write that fails) stops it, and it is started again after min × 2^n (capped at max, randomized), at
    /// the supervisor's stable address. Commands that arrive while it is down go to dead letters: their positions'
    /// own timers ask again.
    /// </summary>
    public static Props Supervised(IExchange exchange, TimeProvider time, ExchangeGatewaySettings settings, IActorRef answers, IActorRef? breaker = null)
    {
        var s = (settings ?? throw new ArgumentNullException(nameof(settings))).Validated();
        return Akka.Pattern.BackoffSupervisor.Props(
            Akka.Pattern.Backoff.OnStop(Props(exchange, time, s, answers, breaker), "gateway", s.RestartMinBackoff, s.RestartMaxBackoff, s.RestartRandomFactor,
                    maxNrOfRetries: -1)
                // a crash stops the child instead of restarting it in place, so that every restart waits its backoff
                .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop))
                .WithAutoReset(s.RestartMaxBackoff));
    }

    private void WhenReady<T>(T command, Action<T> handle)
    {
        if (_ready) handle(command);
        else Stash.Stash();
    }

    // ---- start: re-learn what rests at the venue ----

    /// <summary>
    /// The venue's resting orders, before any new command: a routed one is told to its position and polled; an order
    /// still routed but not resting is asked about (executed, canceled, or never seen: the position decides); a
    /// resting order of no known route is reported to the log (the reconciliation names it).
    /// </summary>
    private void Relearn() =>
        Submit(new GatewayCall("GetOrders", RateBucket.Read, _settings.ReadCost,
            async ct => await _exchange.GetOrdersAsync(OrderStatus.Resting, ct).ConfigureAwait(false),
            r => Relearned((IReadOnlyList<OrderState>)r!),
            f =>
            {
                // fail closed: nothing new is sent before the venue's resting orders are known
                _log.Warning("Resting orders of {0} could not be re-learned ({1}); asking again in {2}", _exchange.Platform, f.Reason, _settings.BackoffMax);
                Timers.StartSingle(RelearnTimer, RelearnDue.Instance, _settings.BackoffMax);
            }));

    private void Relearned(IReadOnlyList<OrderState> resting)
    {
        var restingIds = resting.Select(o => o.ClientOrderId).ToHashSet();
        var unknown = new List<string>();
        foreach (var order in resting)
        {
            if (_routes.TryGetValue(order.ClientOrderId, out var route)) ReportWithFills(route.Position, route.Platform, order);
            else unknown.Add($"{order.OrderId} ({order.ClientOrderId}, {order.Ticker})");
        }
        var asked = _routes.Values.Where(r => !restingIds.Contains(r.ClientOrderId)).ToList();
        foreach (var route in asked) OnQuery(new QueryOrder(route.Position, route.ClientOrderId, route.Platform));
        if (unknown.Count > 0)
            _log.Warning("{0} order(s) rest at {1} that no position routed through this gateway: {2}", unknown.Count, _exchange.Platform, string.Join(", ", unknown));
        if (resting.Count > 0 || asked.Count > 0)
            _log.Info("Re-learned from {0}: {1} resting order(s), {2} routed order(s) asked about", _exchange.Platform, resting.Count, asked.Count);
        _ready = true;
        Stash.UnstashAll();
    }

    /// <summary>Journals the position of a client order id not yet routed, then goes on; a known one goes on at once.</summary>
    private void Route(PositionId position, ClientOrderId clientOrderId, string platform, MarketTicker ticker, Action then)
    {
        if (_routes.ContainsKey(clientOrderId))
        {
            then();
            return;
        }
        PersistAsync(new OrderRouted(platform, position, clientOrderId, ticker, _time.GetUtcNow()), r =>
        {
            _routes[r.ClientOrderId] = r;
            then();
        });
    }

    /// <summary>The position has heard the order's end: forget its route.</summary>
    private void CloseRoute(ClientOrderId clientOrderId, string outcome)
    {
        if (!_routes.TryGetValue(clientOrderId, out var route)) return;
        _routes.Remove(clientOrderId);
        PersistAsync(new OrderRouteClosed(route.Platform, clientOrderId, outcome, _time.GetUtcNow()), _ => { });
    }

    protected override void PostStop()
    {
        foreach (var call in _inFlight.Values) call.Cancellation?.Cancel();
        base.PostStop();
    }

    // ---- commands ----

    private void OnPlace(PlaceOrder cmd)
    {
        var order = cmd.Order;
        Route(cmd.Position, order.ClientOrderId, order.Platform, order.Ticker, () =>
            Submit(new GatewayCall("PlaceOrder", RateBucket.Write, _settings.PlaceCost,
                async ct => await _exchange.PlaceOrderAsync(order, ct).ConfigureAwait(false),
                r =>
                {
                    PrecogMetrics.OrdersSent.Add(1, PrecogMetrics.Tag("platform", order.Platform));
                    ReportWithFills(cmd.Position, order.Platform, (OrderState)r!);
                },
                f =>
                {
                    if (f.Refused)
                    {
                        PrecogMetrics.OrdersSent.Add(1, PrecogMetrics.Tag("platform", order.Platform));
                        PrecogMetrics.OrdersRejected.Add(1, PrecogMetrics.Tag("platform", order.Platform));
                        CloseRoute(order.ClientOrderId, "refused");
                    }
                    AnswerFailure(cmd.Position, order.ClientOrderId, f);
                })));
    }

    private void OnCancel(CancelOrder cmd) =>
        Submit(new GatewayCall("CancelOrder", RateBucket.Write, _settings.CancelCost,
            async ct => await _exchange.CancelOrderAsync(cmd.OrderId, cmd.Ticker, ct).ConfigureAwait(false),
            r => ReportWithFills(cmd.Position, cmd.Platform, (OrderState)r!),
            f => AnswerFailure(cmd.Position, cmd.ClientOrderId, f)));

    private void OnQuery(QueryOrder cmd) =>
        Submit(new GatewayCall("GetOrder", RateBucket.Read, _settings.GetOrderCost,
            async ct => await _exchange.GetOrderAsync(cmd.ClientOrderId, ct).ConfigureAwait(false),
            r =>
            {
                if (r is OrderState state) ReportWithFills(cmd.Position, cmd.Platform, state);
                else _answers.Tell(new OrderNotFound(cmd.Position, cmd.ClientOrderId));
            },
            // a refused question says nothing about the order: the position must ask again
            f => _answers.Tell(new OrderOutcomeUnknown(cmd.Position, cmd.ClientOrderId, f.Reason))));

    /// <summary>
    /// Reads the venue's holdings (and, when asked, its resting orders and the fills of the positions' orders) and answers
    /// how they compare; judging is the caller's. A fill a position has not recorded is the one thing settled here: the
    /// venue wins, and the position is told the order with its fills as a query would (it counts each trade once).
    /// </summary>
    private void OnReconcile(Reconcile cmd)
    {
        var replyTo = Sender;
        // holdings that could not be read do not match, and say so
        void Unread(string what, CallFailure f) => replyTo.Tell(new ReconciliationResult(false, [$"the exchange's {what} could not be read: {f.Reason}"]) { Read = false });
        void Reply(IReadOnlyList<string> mismatches) => replyTo.Tell(new ReconciliationResult(mismatches.Count == 0, mismatches));
        var expectedFills = cmd.ExpectedFills is { Count: > 0 } e ? e : null;

        // the fills of the positions' orders: the venue's fills since the oldest position opened (a venue's clock may run
        // ahead of ours: an hour's margin), matched to the positions through the orders' client order ids
        void Fills(IReadOnlyList<PositionFills> expected, IReadOnlyList<OrderState> orders, List<string> mismatches) =>
            Submit(new GatewayCall("GetFills", RateBucket.Read, _settings.ReadCost,
                async ct => await _exchange.GetFillsAsync(null, expected.Min(p => p.OpenedAt) - FillWindowMargin, ct).ConfigureAwait(false),
                f =>
                {
                    var fills = (IReadOnlyList<ExchangeFill>)f!;
                    var compared = PositionReconciliation.CompareFills(expected, orders, fills);
                    foreach (var (position, order) in compared.Unrecorded)
                    {
                        _log.Warning("Position {0} has not recorded every fill of order {1} at {2}: telling it the order as the exchange has it",
                            position, order.OrderId, _exchange.Platform);
                        Report(position, _exchange.Platform, order, [.. fills.Where(x => x.OrderId == order.OrderId)]);
                    }
                    Reply([.. mismatches, .. compared.Mismatches]);
                },
                failure => Unread("fills", failure)));

        Submit(new GatewayCall("GetPositions", RateBucket.Read, _settings.ReadCost,
            async ct => await _exchange.GetPositionsAsync(ct).ConfigureAwait(false),
            r =>
            {
                var holdings = PositionReconciliation.Compare(cmd.Expected, (IReadOnlyList<ExchangePosition>)r!, _settings.ReconcileDust);
                if (cmd.ExpectedOrders is null && expectedFills is null)
                {
                    replyTo.Tell(holdings);
                    return;
                }
                // one read of the orders serves both: every order when fills are compared (their ids), else the resting ones
                Submit(new GatewayCall("GetOrders", RateBucket.Read, _settings.ReadCost,
                    async ct => await _exchange.GetOrdersAsync(expectedFills is null ? OrderStatus.Resting : null, ct).ConfigureAwait(false),
                    o =>
                    {
                        var orders = (IReadOnlyList<OrderState>)o!;
                        List<string> mismatches = [.. holdings.Mismatches, .. cmd.ExpectedOrders is { } claimed ? PositionReconciliation.UnclaimedOrders(claimed, orders) : []];
                        if (expectedFills is null) Reply(mismatches);
                        else Fills(expectedFills, orders, mismatches);
                    },
                    f => Unread(expectedFills is null ? "resting orders" : "orders", f)));
            },
            f => Unread("positions", f)));
    }

    /// <summary>The second call of place, cancel and query: every fill of the order so far, then the report.</summary>
    private void ReportWithFills(PositionId position, string platform, OrderState state) =>
        Submit(new GatewayCall("GetFills", RateBucket.Read, _settings.ReadCost,
            async ct => await _exchange.GetFillsAsync(state.OrderId, null, ct).ConfigureAwait(false),
            r => Report(position, platform, state, (IReadOnlyList<ExchangeFill>)r!),
            // the order exists but its fills are unknown: the position asks again
            f => _answers.Tell(new OrderOutcomeUnknown(position, state.ClientOrderId, f.Reason))));

    private void Report(PositionId position, string platform, OrderState state, IReadOnlyList<ExchangeFill> fills)
    {
        var order = new VenueOrder(state.OrderId, state.ClientOrderId, ToVenue(state.Status),
            fills.Select(f => new VenueFill(f.TradeId, f.OrderId, f.Quantity, f.Price, f.Side, f.Fee, f.IsTaker, f.At)).ToList());
        if (order.Status == VenueOrderStatus.Resting)
        {
            _resting[order.OrderId] = new RestingOrder(position, order.ClientOrderId, platform, state.Ticker, order.Fills.Count);
            if (!Timers.IsActive(PollTimer)) Timers.StartSingle(PollTimer, PollDue.Instance, _settings.PollInterval);
        }
        else
        {
            _resting.Remove(order.OrderId);
            if (order.Status == VenueOrderStatus.Executed && _routes.ContainsKey(order.ClientOrderId)) // counted once: the route closes below
                PrecogMetrics.OrdersFilled.Add(1, PrecogMetrics.Tag("platform", platform));
            CloseRoute(order.ClientOrderId, order.Status.ToString().ToLowerInvariant());
        }
        _answers.Tell(new OrderReport(position, order));
    }

    private void AnswerFailure(PositionId position, ClientOrderId clientOrderId, CallFailure failure) =>
        _answers.Tell(failure.Refused
            ? new OrderRejected(position, clientOrderId, failure.Reason)
            : new OrderOutcomeUnknown(position, clientOrderId, failure.Reason));

    private static VenueOrderStatus ToVenue(OrderStatus status) => status switch
    {
        OrderStatus.Resting => VenueOrderStatus.Resting,
        OrderStatus.Canceled => VenueOrderStatus.Canceled,
        OrderStatus.Executed => VenueOrderStatus.Executed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    // ---- polling the orders that rest ----

    private void OnPoll()
    {
        foreach (var (orderId, resting) in _resting)
        {
            if (!_polling.Add(orderId)) continue; // the previous poll of this order is still under way
            Submit(new GatewayCall("GetOrder", RateBucket.Read, _settings.GetOrderCost,
                async ct => await _exchange.GetOrderAsync(resting.ClientOrderId, ct).ConfigureAwait(false),
                r =>
                {
                    if (r is OrderState state) PollFills(orderId, state);
                    else
                    {
                        _log.Warning("Resting order {0} ({1}) is unknown to {2}; no longer polled", orderId, resting.ClientOrderId, _exchange.Platform);
                        _polling.Remove(orderId);
                        _resting.Remove(orderId);
                    }
                },
                _ => _polling.Remove(orderId)));
        }
        if (_resting.Count > 0) Timers.StartSingle(PollTimer, PollDue.Instance, _settings.PollInterval);
    }

    private void PollFills(string orderId, OrderState state) =>
        Submit(new GatewayCall("GetFills", RateBucket.Read, _settings.ReadCost,
            async ct => await _exchange.GetFillsAsync(orderId, null, ct).ConfigureAwait(false),
            r =>
            {
                _polling.Remove(orderId);
                var fills = (IReadOnlyList<ExchangeFill>)r!;
                // an order answered about meanwhile (a cancel) is no longer ours to report
                if (_resting.TryGetValue(orderId, out var resting) && (fills.Count != resting.FillsReported || state.Status != OrderStatus.Resting))
                    Report(resting.Position, resting.Platform, state, fills);
            },
            _ => _polling.Remove(orderId)));

    // ---- calls: tokens, tasks, retries ----

    private void Submit(GatewayCall call)
    {
        var pending = new PendingCall(++_nextCallId, call);
        _buckets[call.Bucket].Waiting.Enqueue(pending);
        Drain(call.Bucket);
    }

    /// <summary>Starts the waiting calls of a bucket, first come first served, while it has tokens; else wakes up when it will.</summary>
    private void Drain(RateBucket bucket)
    {
        var (tokens, waiting) = _buckets[bucket];
        var now = _time.GetUtcNow();
        while (waiting.TryPeek(out var next))
        {
            if (!tokens.TryTake(next.Call.Cost, now))
            {
                var wait = tokens.TimeUntil(next.Call.Cost, now);
                Timers.StartSingle(new TimerKey("refill", (long)bucket), new BucketRefilled(bucket), wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
                return;
            }
            waiting.Dequeue();
            Start(next);
        }
    }

    private void Start(PendingCall pending)
    {
        pending.Attempt++;
        pending.Cancellation = new CancellationTokenSource();
        _inFlight[pending.Id] = pending;
        var (id, attempt) = (pending.Id, pending.Attempt);
        Timers.StartSingle(new TimerKey("timeout", id), new CallTimedOut(id, attempt), _settings.CallTimeout);
        var token = pending.Cancellation.Token;
        Context.System.RunCounted(() => pending.Call.Invoke(token), Self, success: r => new CallCompleted(id, attempt, r), failure: e => new CallFaulted(id, attempt, e));
    }

    /// <summary>The call under way with this id and attempt, taken out of flight; null for a late answer to an attempt already given up.</summary>
    private PendingCall? Finish(long id, int attempt, bool abandon = false)
    {
        if (!_inFlight.TryGetValue(id, out var pending) || pending.Attempt != attempt) return null;
        _inFlight.Remove(id);
        Timers.Cancel(new TimerKey("timeout", id));
        // an abandoned call is cancelled but its source is not disposed: the task may still touch its token
        if (abandon) pending.Cancellation?.Cancel();
        else pending.Cancellation?.Dispose();
        pending.Cancellation = null;
        return pending;
    }

    private void OnCompleted(CallCompleted msg)
    {
        if (Finish(msg.Id, msg.Attempt) is not { } pending) return;
        _breaker?.Tell(new ApiCallSucceededNotice(_exchange.Platform, _time.GetUtcNow()));
        pending.Call.Succeeded(msg.Result);
    }

    private void OnFaulted(CallFaulted msg)
    {
        if (Finish(msg.Id, msg.Attempt) is not { } pending) return;
        var error = msg.Error is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : msg.Error;
        switch (error)
        {
            case ExchangeRejectedException refused:
                _breaker?.Tell(new ApiCallSucceededNotice(_exchange.Platform, _time.GetUtcNow()));
                pending.Call.Failed(new CallFailure(true, refused.Message));
                break;
            case ExchangeUnavailableException or ExchangeRateLimitedException:
                CallFailed(pending, error.Message);
                if (pending.Attempt < _settings.MaxAttempts)
                {
                    // safe: the call did not take effect, and a place carries its client order id
                    _awaitingRetry[pending.Id] = pending;
                    Timers.StartSingle(new TimerKey("retry", pending.Id), new RetryDue(pending.Id), RetryDelay(pending.Attempt, error));
                }
                else pending.Call.Failed(new CallFailure(false, $"{pending.Call.Operation} failed {pending.Attempt} times, last: {error.Message}"));
                break;
            case ExchangeException:
                // a timeout may have taken effect: only the venue can say
                CallFailed(pending, error.Message);
                pending.Call.Failed(new CallFailure(false, error.Message));
                break;
            default:
                // anything unforeseen from the venue's client may have taken effect too; and this gateway's view of
                // what is under way can no longer be trusted: it crashes, its supervisor starts it again after a
                // backoff, and it re-learns the resting orders from the venue before it takes new work
                CallFailed(pending, error.Message);
                pending.Call.Failed(new CallFailure(false, error.Message));
                throw new GatewayCrashedException($"{pending.Call.Operation} to {_exchange.Platform} failed unexpectedly: {error.Message}", error);
        }
    }

    private void OnTimedOut(CallTimedOut msg)
    {
        if (Finish(msg.Id, msg.Attempt, abandon: true) is not { } pending) return;
        var reason = $"{_exchange.Platform} {pending.Call.Operation}: no answer within {_settings.CallTimeout.TotalSeconds:0.###} s: the outcome is unknown";
        CallFailed(pending, reason);
        pending.Call.Failed(new CallFailure(false, reason));
    }

    private void OnRetryDue(RetryDue msg)
    {
        if (!_awaitingRetry.Remove(msg.Id, out var pending)) return;
        _buckets[pending.Call.Bucket].Waiting.Enqueue(pending);
        Drain(pending.Call.Bucket);
    }

    private void CallFailed(PendingCall pending, string reason)
    {
        _log.Warning("{0} attempt {1} to {2} failed: {3}", pending.Call.Operation, pending.Attempt, _exchange.Platform, reason);
        _breaker?.Tell(new ApiCallFailedNotice(_exchange.Platform, reason, _time.GetUtcNow()));
    }

    /// <summary>The venue's Retry-After when it gives one, else base × 2^(attempt−1) capped at the max, jittered to [½, 1] of it.</summary>
    private TimeSpan RetryDelay(int attempt, Exception error)
    {
        if (error is ExchangeRateLimitedException { RetryAfter: { } after } && after > TimeSpan.Zero) return after;
        var exponential = Math.Min(_settings.BackoffMax.Ticks, _settings.BackoffBase.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromTicks((long)(exponential * (0.5 + 0.5 * _jitter.NextDouble())));
    }
}
