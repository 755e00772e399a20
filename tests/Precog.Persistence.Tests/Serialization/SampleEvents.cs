using System.Collections.Immutable;
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

namespace Precog.Persistence.Tests.Serialization;

/// <summary>One fully populated event of every kind in the catalog, with fixed values (the golden file's source).</summary>
public static class SampleEvents
{
    private static readonly DateTimeOffset At = new(2025, 12, 7, 18, 30, 15, 250, TimeSpan.Zero);
    private static readonly MarketTicker Ticker = new("KXNFLGAME-25DEC07BUFCIN-BUF");
    private static readonly PositionId Position = new(Guid.Parse("6f1d9a52-3c1e-4c55-9a41-0c3b0b8f2e11"));
    private static readonly ClientOrderId Order = new(Guid.Parse("0b8a3f3e-5d6c-4f6e-8f43-2f0b6f3c9d21"));

    public static IReadOnlyList<IPrecogEvent> All { get; } =
    [
        new MarketListed("kalshi", Ticker, "KXNFLGAME-25DEC07BUFCIN", "KXNFLGAME", "Buffalo at Cincinnati: Buffalo wins?", "binary", At.AddHours(3), At),
        new QuoteChanged("kalshi", Ticker, new Price(0.5500m), new Price(0.5700m), new Price(0.4300m), new Price(0.4500m), new Quantity(1200), new Quantity(800), 53210, 18000, At),
        new MarketStatusChanged("kalshi", Ticker, MarketStatus.Closed, At),
        new MarketSettled("kalshi", Ticker, Price.One, At),
        new MarketLinkedToGame("kalshi", Ticker, "nfl", "401772890", At),
        new EdgesUpdated("kalshi", Ticker,
            [new EdgeReading("halftime_entry v1.0", "elo_nfl v1.0", Side.Yes, new Probability(0.6400m), new Price(0.5700m), 0.052843m, ConfidenceTier.High)], At),
        new GameStateChanged("nfl", "401772890", "CIN", "BUF", 14, 17, "Q3", "07:42", "away", 2, 7, GameStatus.Live, At),
        new PositionOpened(Position, "kalshi", Ticker, Side.Yes, new Quantity(100), new Price(0.5700m), "halftime_entry v1.0", "elo_nfl v1.0", "conservative_nfl v1.0",
            ConfidenceTier.High, TrailingStopSettings.Default, At),
        new EntryOrderPlanned(Position, Order, new Quantity(100), new Price(0.5700m), At),
        new FillRecorded(Position, Order, "8a0790c9-7332-4de7-9b8b-3d918cea00ca", "1f1745ab-6831-701b-e811-42261ae959e6", OrderAction.Buy,
            new Quantity(100), new Price(0.5700m), new Money(1.72m), true, At),
        new TrailingStopMoved(Position, new TrailingStopState(true, At, new Price(0.6600m), new Price(0.7200m), 0.69264m, 0.038m, TrailingStopSettings.Default), At),
        new ExitTriggered(Position, ExitConditionKind.TrailingStop, ExitPriority.High, new Quantity(25), "mark 0.8800 at or below trailing stop 0.882", null,
            [ExitConditionKind.EarlyExit], At),
        new ExitAttemptPlanned(Position, 2, ExitPriority.High, ExitOrderType.Limit, new Price(0.8550m), new Quantity(25), Order, TimeSpan.FromSeconds(10), At),
        new ExitAttemptResolved(Position, 2, ExitAttemptOutcome.PartiallyFilled, new Quantity(10), new Price(0.8550m), "c3f1", At),
        new PositionClosed(Position, new Price(0.8550m), new Money(28.5m), "trailing_stop", At),
        new PositionSettled(Position, Price.Half, new Money(-7m), At),
        new ExitCompleted(Position, ExitConditionKind.PartialExitTarget, ExitPriority.Medium, new Quantity(50), new Price(0.7150m), new Money(7.25m),
            "1f1745ab-6831-701b-e811-42261ae959e7", At),
        new OrderAcknowledged(Position, Order, "8a0790c9-7332-4de7-9b8b-3d918cea00ca", At),
        new ExitCancelRequested(Position, 2, At),
        new ExitOutcomeUnknown(Position, 3, "no answer within 5 s", At),
        new EntryCompleted(Position, new Quantity(100), At),
        new Precog.Domain.Risk.EntryAdmitted(Position, "kalshi", Ticker, Side.Yes, new Quantity(100), new Price(0.5700m), new Money(58.72m), "halftime_entry v1.0", "nfl", "401772890", At),
        new Precog.Domain.Risk.ExposureReleased(Position, new Money(-3.5m), "stop_loss", At),
        new Precog.Domain.Orders.OrderRouted("kalshi", Position, Order, Ticker, At),
        new Precog.Domain.Orders.OrderRouteClosed("kalshi", Order, "executed", At),
        new BreakerTransitioned(new BreakerTransition(new BreakerId(BreakerKind.ApiFailures, "kalshi"), BreakerStatus.Open, BreakerStatus.HalfOpen, At,
            "300 s since it opened: one probe call allowed")),
        new BreakerMemoryChanged(new BreakerId(BreakerKind.ApiFailures, "kalshi"),
            new BreakerMemory([At.AddMinutes(-3), At], 2, new DateOnly(2025, 12, 7)), At),
        new BalanceChanged("kalshi", new Money(1234.5678m), At),
        new AlertRaised(new Alert(Guid.Parse("2d7c3a0e-9f8b-4b1a-8e21-5c9d0e7f6a33"), "breaker_tripped", "risk", AlertSeverity.Critical,
            "daily loss limit tripped", "a1b2c3d4e5f60718", At, false)),
        new AlertAcknowledged(Guid.Parse("2d7c3a0e-9f8b-4b1a-8e21-5c9d0e7f6a33"), "alice", At),
        new AlertResolved(Guid.Parse("2d7c3a0e-9f8b-4b1a-8e21-5c9d0e7f6a33"), ResolutionAction.FalsePositive, "alice", At),
        new VersionRegistered(VersionKind.Method, "conservative_nfl", "v1.0", "nfl_pregame", "{\"risk\":{\"max_position\":500}}",
            "5c8e0f5f0e3a8a4f1f7d0b7f2d6a9c3e4b1a2d3c4e5f60718293a4b5c6d7e8f9", VersionStatus.Draft, "halftime_entry v1.0", "elo_nfl v1.0", At),
        new VersionStatusChanged(VersionKind.Strategy, "halftime_entry", "v1.0", VersionStatus.Testing, VersionStatus.Active, At),
    ];
}
