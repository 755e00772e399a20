using Akka.Configuration;
using Precog.Domain;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;
using Precog.Domain.Entry;
using Precog.Domain.Experiments;
using Precog.Domain.Exits;
using Precog.Domain.Fees;
using Precog.Domain.Positions;

namespace Precog.Configuration;

/// <summary>Binds the precog.trading section of a HOCON configuration to <see cref="TradingSettings"/>, checking every value.</summary>
public static class TradingSettingsBinder
{
    public const string Section = "precog.trading";

    public static TradingSettings Bind(Config config)
    {
        var t = new SettingsReader(config, Section);
        return new TradingSettings
        {
            Fees = Fees(t.Section("fees")),
            Entry = Entry(t.Section("entry")),
            Confidence = Confidence(t.Section("confidence")),
            Sizing = Sizing(t.Section("sizing")),
            TrailingStop = Trailing(t.Section("trailing-stop")),
            Exits = Exits(t.Section("exits")),
            ExitExecution = ExitExecution(t.Section("exit-execution")),
            Breakers = Breakers(t.Section("breakers")),
            Alerts = new AlertSettings(t.Section("alerts").Duration("suppression-window")),
            Experiments = new AbTestSettings(t.Section("experiments").Int("min-trades", 2), (double)t.Section("experiments").Decimal("alpha", 0.0001m, 0.5m)),
        };
    }

    private static BreakerSettings Breakers(SettingsReader r) => new()
    {
        DailyLossLimit = r.Decimal("daily-loss-limit", 0m),
        ConsecutiveLosses = r.Int("consecutive-losses", 1),
        ApiFailures = r.Int("api-failures", 1),
        ApiFailureWindow = r.Duration("api-failure-window"),
        ApiHalfOpenAfter = r.Duration("api-half-open-after"),
        PriceMaxAge = r.Duration("price-max-age"),
        GameStateMaxAge = r.Duration("game-state-max-age"),
        StaleCheckInterval = r.Duration("stale-check-interval"),
        DatabaseCheckInterval = r.Duration("database-check-interval"),
        MaxOpenPositions = r.Int("max-open-positions", 0),
        TradingDayStartsAt = TradingDayStart(r),
    };

    private static TimeSpan TradingDayStart(SettingsReader r)
    {
        var at = r.Duration("trading-day-starts-at", allowZero: true);
        if (at >= TimeSpan.FromDays(1))
            throw new SettingsException($"{r.Key("trading-day-starts-at")} ({at}) must be a time of day, under 24h");
        return at;
    }

    private static KalshiFeeSettings Fees(SettingsReader r) => new(
        r.Decimal("taker-rate", 0m, 1m), r.Decimal("maker-rate", 0m, 1m), r.Decimal("series-multiplier", 0m, 10m));

    private static EntrySettings Entry(SettingsReader r)
    {
        var s = new EntrySettings
        {
            MinEdge = r.Decimal("min-edge", 0m, 1m),
            MinPrice = r.Decimal("min-price", 0m, 1m),
            MaxPrice = r.Decimal("max-price", 0m, 1m),
            MaxSpread = r.Decimal("max-spread", 0m, 1m),
            MaxDataAge = r.Duration("max-data-age"),
            MaxLimitAboveEdgePrice = r.Decimal("max-limit-above-edge-price", 0m, 1m),
            OrderTimeout = r.Duration("order-timeout"),
        };
        if (s.MinPrice > s.MaxPrice)
            throw new SettingsException($"{r.Key("min-price")} ({s.MinPrice}) is above {r.Key("max-price")} ({s.MaxPrice})");
        return s;
    }

    private static ConfidenceSettings Confidence(SettingsReader r)
    {
        var s = new ConfidenceSettings(
            r.Decimal("high-max-width", 0m, 1m), r.Int("high-min-samples", 0),
            r.Decimal("medium-max-width", 0m, 1m), r.Int("medium-min-samples", 0));
        if (s.HighMaxWidth > s.MediumMaxWidth || s.HighMinSamples < s.MediumMinSamples)
            throw new SettingsException($"{r.Key("high-max-width")} / {r.Key("high-min-samples")} must be at least as strict as the medium tier's");
        return s;
    }

    private static SizingSettings Sizing(SettingsReader r) => new(
        KellyFraction: r.Decimal("kelly-fraction", 0m, 1m),
        MaxPositionDollars: r.Decimal("max-position-dollars", 0m),
        MaxPositionBankrollShare: r.Decimal("max-position-bankroll-share", 0m, 1m),
        MaxTotalExposure: r.Decimal("max-total-exposure", 0m),
        MaxOpenPositions: r.Int("max-open-positions", 0),
        MaxPositionsPerGame: r.Int("max-positions-per-game", 0),
        MaxExposurePerGame: r.Decimal("max-exposure-per-game", 0m));

    private static TrailingStopSettings Trailing(SettingsReader r)
    {
        var s = new TrailingStopSettings(
            Activation: r.Decimal("activation", 0m, 10m),
            InitialDistance: r.Decimal("initial-distance", 0m, 1m),
            Tightening: r.Decimal("tightening", 0m, 1m),
            TighteningStep: r.Decimal("tightening-step", 0.0001m, 1m),
            FloorDistance: r.Decimal("floor-distance", 0m, 1m));
        if (s.FloorDistance > s.InitialDistance)
            throw new SettingsException($"{r.Key("floor-distance")} ({s.FloorDistance}) is above {r.Key("initial-distance")} ({s.InitialDistance})");
        return s;
    }

    private static ExitSettings Exits(SettingsReader r)
    {
        var thresholds = r.DecimalList("partial-exit-thresholds", 0m, 10m);
        var shares = r.DecimalList("partial-exit-shares", 0m, 1m);
        if (thresholds.Count != shares.Count)
            throw new SettingsException($"{r.Key("partial-exit-thresholds")} has {thresholds.Count} entries but {r.Key("partial-exit-shares")} has {shares.Count}");
        if (thresholds.Zip(thresholds.Skip(1)).Any(p => p.First >= p.Second))
            throw new SettingsException($"{r.Key("partial-exit-thresholds")} must be strictly increasing");
        if (shares.Sum() > 1m)
            throw new SettingsException($"{r.Key("partial-exit-shares")} add up to {shares.Sum()}, more than the whole position");

        return new ExitSettings
        {
            StopLoss = Tiers(r.Section("stop-loss"), -1m, 0m),
            ProfitTarget = Tiers(r.Section("profit-target"), 0m, 10m),
            PartialExitsEnabled = r.Bool("partial-exits-enabled"),
            PartialStages = thresholds.Zip(shares, (t, s) => new PartialExitStage(t, s)).ToList(),
            UrgentTimeToSettlement = r.Duration("urgent-time-to-settlement"),
            LiquidityMaxSpread = r.Decimal("liquidity-max-spread", 0m, 1m),
            LiquidityMinBidSize = r.Int("liquidity-min-bid-size", 0),
            EarlyExitEdge = r.Decimal("early-exit-edge", 0m, 1m),
            RebalanceEdgeAdvantage = r.Decimal("rebalance-edge-advantage", 0m, 1m),
            CheckInterval = r.Duration("check-interval"),
            UrgentCheckInterval = r.Duration("urgent-check-interval"),
            UrgentProximity = r.Decimal("urgent-proximity", 0m, 1m),
        };
    }

    private static TierValues Tiers(SettingsReader r, decimal min, decimal max) =>
        new(r.Decimal("high", min, max), r.Decimal("medium", min, max), r.Decimal("low", min, max));

    private static readonly Dictionary<string, LimitStyle> Styles = new()
    {
        ["market"] = LimitStyle.Market, ["aggressive"] = LimitStyle.Aggressive,
        ["fair"] = LimitStyle.Fair, ["conservative"] = LimitStyle.Conservative,
    };

    private static readonly Dictionary<string, AfterLastWalk> Fallbacks = new()
    {
        ["repeat-market"] = AfterLastWalk.RepeatMarket, ["cancel-then-market"] = AfterLastWalk.CancelThenMarket,
        ["give-up-and-alert"] = AfterLastWalk.GiveUpAndAlert,
    };

    private static ExitExecutionSettings ExitExecution(SettingsReader r) => new()
    {
        TickSize = r.Decimal("tick-size", 0.0001m, 0.1m),
        MarketSellPrice = r.Decimal("market-sell-price", 0.0001m, 1m),
        AggressiveOffset = r.Decimal("aggressive-offset", 0m, 1m),
        AggressiveFactor = r.Decimal("aggressive-factor", 0m, 1m),
        Critical = Schedule(r.Section("critical")),
        High = Schedule(r.Section("high")),
        Medium = Schedule(r.Section("medium")),
        Low = Schedule(r.Section("low")),
    };

    private static ExitSchedule Schedule(SettingsReader r) => new(
        r.Choice("first-order", Styles),
        r.Duration("first-wait"),
        r.DecimalList("walks-cents", 0m, 100m),
        r.Duration("wait-per-walk", allowZero: true),
        r.Choice("after-last-walk", Fallbacks));
}
