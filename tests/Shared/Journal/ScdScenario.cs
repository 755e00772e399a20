using Precog.Domain;
using Precog.Domain.Accounts;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;
using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Domain.Versions;

namespace Precog.Tests.Journal;

/// <summary>
/// A seeded, random but valid history of every entity kind: the events each actor would persist, per
/// persistence id and in that actor's order. Used to feed a real journal and check the projection.
/// </summary>
public sealed class ScdScenario
{
    public const string CatalogId = "catalog";

    public static readonly string[] Strategies = ["halftime_entry v1.0", "halftime_entry v1.1"];
    public static readonly string[] Models = ["elo_nfl v1.0", "ingame_nfl v1.0"];
    public const string Method = "conservative_nfl v1.0";

    private readonly Random _random;
    private DateTimeOffset _clock = new(2025, 12, 7, 17, 0, 0, TimeSpan.Zero);

    public ScdScenario(int seed, int markets, int positions, int games = 4)
    {
        _random = new Random(seed);
        Streams[CatalogId] = Catalog();
        var tickers = Enumerable.Range(0, markets).Select(i => new MarketTicker($"KXNFLGAME-25DEC07-M{i:000}")).ToArray();
        foreach (var t in tickers) Streams[$"market-{t}"] = Market(t, games);
        for (var g = 0; g < games; g++) Streams[$"game-nfl-{4017700 + g}"] = Game($"{4017700 + g}");
        for (var p = 0; p < positions; p++)
        {
            var id = new PositionId(NewGuid());
            Streams[$"position-{id}"] = Position(id, tickers[_random.Next(tickers.Length)]);
        }
        Streams["breaker-api_failures-kalshi"] = Breakers(new BreakerId(BreakerKind.ApiFailures, "kalshi"));
        Streams["breaker-manual-global"] = Breakers(new BreakerId(BreakerKind.Manual, BreakerId.Global));
        Streams["account-kalshi"] = Balances("kalshi");
        Streams["alerts"] = Alerts();
    }

    /// <summary>Events per persistence id, each list in its actor's order.</summary>
    public Dictionary<string, List<IPrecogEvent>> Streams { get; } = [];

    public IEnumerable<IPrecogEvent> All => Streams.Values.SelectMany(s => s);

    public int Count => Streams.Values.Sum(s => s.Count);

    private Guid NewGuid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private DateTimeOffset Tick() => _clock = _clock.AddMilliseconds(_random.Next(1, 5000)).AddTicks(_random.Next(10_000));

    private Price RandomPrice(decimal min = 0.05m, decimal max = 0.95m) => new(decimal.Round(min + (max - min) * (decimal)_random.NextDouble(), 2));

    private List<IPrecogEvent> Catalog()
    {
        var events = new List<IPrecogEvent>();
        foreach (var s in Strategies)
        {
            var (name, version) = Split(s);
            events.Add(new VersionRegistered(VersionKind.Strategy, name, version, "entry", $"{{\"min_edge\":0.0{version[^1]}5}}", Hash(s), VersionStatus.Testing, null, null, Tick()));
            events.Add(new VersionStatusChanged(VersionKind.Strategy, name, version, VersionStatus.Testing, VersionStatus.Active, Tick()));
        }
        foreach (var m in Models)
        {
            var (name, version) = Split(m);
            events.Add(new VersionRegistered(VersionKind.Model, name, version, "elo", "{\"k\":20}", Hash(m), VersionStatus.Active, null, null, Tick()));
        }
        var (method, mv) = Split(Method);
        events.Add(new VersionRegistered(VersionKind.Method, method, mv, "nfl", "{\"risk\":{\"max_position\":500},\"execution\":{\"walks\":2}}", Hash(Method),
            VersionStatus.Draft, Strategies[0], Models[0], Tick()));
        events.Add(new VersionStatusChanged(VersionKind.Method, method, mv, VersionStatus.Draft, VersionStatus.Testing, Tick()));
        return events;
    }

    private static (string Name, string Version) Split(string label) => (label[..label.LastIndexOf(' ')], label[(label.LastIndexOf(' ') + 1)..]);

    private static string Hash(string s) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(s)));

    private List<IPrecogEvent> Market(MarketTicker ticker, int games)
    {
        var events = new List<IPrecogEvent>
        {
            new MarketListed("kalshi", ticker, ticker.Value[..^5], "KXNFLGAME", $"{ticker}: home team wins?", "binary", _clock.AddHours(4), Tick()),
            new MarketLinkedToGame("kalshi", ticker, "nfl", $"{4017700 + _random.Next(games)}", Tick()),
        };
        var quotes = _random.Next(3, 25);
        for (var i = 0; i < quotes; i++)
        {
            var bid = RandomPrice(0.05m, 0.90m);
            var ask = new Price(bid.Value + 0.01m * _random.Next(1, 4));
            events.Add(new QuoteChanged("kalshi", ticker, bid, ask, ask.Complement, bid.Complement, new Quantity(_random.Next(0, 2000)),
                new Quantity(_random.Next(0, 2000)), _random.Next(0, 100_000), _random.Next(0, 50_000), Tick()));
            if (_random.Next(3) == 0)
            {
                var readings = Strategies.Where(_ => _random.Next(3) > 0).Select(s => new EdgeReading(s, Models[_random.Next(Models.Length)],
                    _random.Next(2) == 0 ? Side.Yes : Side.No, new Probability(RandomPrice().Value), ask, (decimal)(_random.NextDouble() * 0.2 - 0.1), ConfidenceTier.High))
                    .DistinctBy(r => (r.Strategy, r.Model, r.Side)).ToList();
                events.Add(new EdgesUpdated("kalshi", ticker, readings, Tick()));
            }
        }
        if (_random.Next(3) == 0)
        {
            events.Add(new MarketStatusChanged("kalshi", ticker, MarketStatus.Closed, Tick()));
            events.Add(new MarketSettled("kalshi", ticker, _random.Next(5) switch { 0 => Price.Half, 1 or 2 => Price.One, _ => Price.Zero }, Tick()));
        }
        return events;
    }

    private List<IPrecogEvent> Game(string id)
    {
        var events = new List<IPrecogEvent>();
        int home = 0, away = 0;
        foreach (var (period, status) in new[] { ("Q1", GameStatus.Live), ("Q2", GameStatus.Live), ("HT", GameStatus.Halftime), ("Q3", GameStatus.Live), ("Q4", GameStatus.Final) })
        {
            for (var i = 0; i < _random.Next(1, 4); i++)
            {
                home += _random.Next(0, 2) * 7;
                away += _random.Next(0, 2) * 3;
                events.Add(new GameStateChanged("nfl", id, "CIN", "BUF", home, away, period, $"{_random.Next(15):00}:{_random.Next(60):00}",
                    _random.Next(3) switch { 0 => "CIN", 1 => "away", _ => null }, _random.Next(1, 5), _random.Next(1, 11), status, Tick()));
            }
        }
        return events;
    }

    /// <summary>Open, buy in one or two fills, move the stop, then exit in attempts (some partial), and close or settle; some stay open.</summary>
    private List<IPrecogEvent> Position(PositionId id, MarketTicker ticker)
    {
        var entry = RandomPrice(0.20m, 0.80m);
        var target = _random.Next(10, 200);
        var events = new List<IPrecogEvent>
        {
            new PositionOpened(id, "kalshi", ticker, _random.Next(2) == 0 ? Side.Yes : Side.No, new Quantity(target), entry,
                Strategies[_random.Next(Strategies.Length)], Models[_random.Next(Models.Length)], _random.Next(2) == 0 ? Method : null,
                ConfidenceTier.Medium, TrailingStopSettings.Default, Tick()),
        };
        var order = new ClientOrderId(NewGuid());
        events.Add(new EntryOrderPlanned(id, order, new Quantity(target), entry, Tick()));
        var first = _random.Next(1, target + 1);
        events.Add(Fill(id, order, OrderAction.Buy, first, entry));
        if (first < target) events.Add(Fill(id, order, OrderAction.Buy, target - first, new Price(entry.Value - 0.01m)));
        var held = target;
        if (_random.Next(2) == 0)
            events.Add(new TrailingStopMoved(id, new TrailingStopState(true, _clock, entry, entry, entry.Value * 0.95m, 0.05m, TrailingStopSettings.Default), Tick()));
        while (held > 0 && _random.Next(4) > 0)
        {
            var qty = Math.Min(held, _random.Next(1, held + 1));
            var condition = (ExitConditionKind)_random.Next(1, 11);
            events.Add(new ExitTriggered(id, condition, ExitPriority.High, new Quantity(qty), "scenario", null, [ExitConditionKind.EarlyExit], Tick()));
            var sold = 0;
            string? lastTrade = null;
            for (var attempt = 1; attempt <= 3 && sold < qty; attempt++)
            {
                var attemptOrder = new ClientOrderId(NewGuid());
                var price = RandomPrice(0.05m, 0.95m);
                events.Add(new ExitAttemptPlanned(id, attempt, ExitPriority.High, attempt == 3 ? ExitOrderType.Market : ExitOrderType.Limit, price,
                    new Quantity(qty - sold), attemptOrder, TimeSpan.FromSeconds(10), Tick()));
                events.Add(new OrderAcknowledged(id, attemptOrder, $"ord-{attemptOrder.Value:N}"[..16], Tick()));
                if (attempt < 3) events.Add(new ExitCancelRequested(id, attempt, Tick()));
                var filled = attempt == 3 ? qty - sold : _random.Next(0, qty - sold + 1);
                if (filled > 0)
                {
                    var fill = Fill(id, attemptOrder, OrderAction.Sell, filled, price);
                    events.Add(fill);
                    lastTrade = fill.TradeId;
                }
                sold += filled;
                events.Add(new ExitAttemptResolved(id, attempt, sold == qty ? ExitAttemptOutcome.Filled : filled > 0 ? ExitAttemptOutcome.PartiallyFilled : ExitAttemptOutcome.Expired,
                    new Quantity(filled), filled > 0 ? price : null, $"ord-{attemptOrder.Value:N}"[..16], Tick()));
            }
            events.Add(new ExitCompleted(id, condition, ExitPriority.High, new Quantity(qty), RandomPrice(), new Money(1.25m), lastTrade, Tick()));
            held -= qty;
        }
        if (held == 0) events.Add(new PositionClosed(id, RandomPrice(), new Money(-3.5m), "scenario exits", Tick()));
        else if (_random.Next(2) == 0) events.Add(new PositionSettled(id, Price.One, new Money(12m), Tick()));
        return events;
    }

    private FillRecorded Fill(PositionId id, ClientOrderId order, OrderAction action, int qty, Price price) =>
        new(id, order, $"x-{order.Value:N}"[..12], NewGuid().ToString(), action, new Quantity(qty), price,
            Money.CeilToCent(0.07m * qty * price.Value * (1 - price.Value)), true, Tick());

    private List<IPrecogEvent> Breakers(BreakerId id)
    {
        var events = new List<IPrecogEvent>();
        for (var i = 0; i < _random.Next(1, 5); i++)
        {
            events.Add(new BreakerTransitioned(new BreakerTransition(id, BreakerStatus.Closed, BreakerStatus.Open, Tick(), "tripped by the scenario")));
            if (_random.Next(2) == 0)
                events.Add(new BreakerTransitioned(new BreakerTransition(id, BreakerStatus.Open, BreakerStatus.HalfOpen, Tick(), "probing")));
            if (_random.Next(4) > 0)
                events.Add(new BreakerTransitioned(new BreakerTransition(id, BreakerStatus.Open, BreakerStatus.Closed, Tick(), "recovered", _random.Next(2) == 0 ? "alice" : null)));
            else break;
        }
        return events;
    }

    private List<IPrecogEvent> Balances(string platform) =>
        Enumerable.Range(0, _random.Next(2, 10)).Select(_ => (IPrecogEvent)new BalanceChanged(platform, new Money(_random.Next(0, 1_000_000) / 100m), Tick())).ToList();

    private List<IPrecogEvent> Alerts()
    {
        var events = new List<IPrecogEvent>();
        for (var i = 0; i < _random.Next(3, 12); i++)
        {
            var id = new Guid(i + 1, 0, 0, [1, 2, 3, 4, 5, 6, 7, (byte)_random.Next(256)]);
            events.Add(new AlertRaised(new Alert(id, "breaker_tripped", "risk", (AlertSeverity)_random.Next(4), $"alert {i}", $"{i:x16}", Tick(), _random.Next(4) == 0)));
            if (_random.Next(3) > 0) events.Add(new AlertAcknowledged(id, "alice", Tick()));
            else continue;
            if (_random.Next(2) == 0) events.Add(new AlertResolved(id, (ResolutionAction)_random.Next(4), "bob", Tick()));
        }
        return events;
    }
}
