using System.Text.Json.Nodes;
using Precog.Domain.Entry;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Values;
using Precog.Domain.Versions;

namespace Precog.Persistence.Projection;

/// <summary>Markets, their edges, settlements and games.</summary>
internal sealed partial class ScdBatch
{
    /// <summary>
    /// A new version of a market. A market first seen through a quote or a status (its listing not in the
    /// journal) starts with its ticker as title, so that nothing it reports is lost.
    /// </summary>
    private Task<ProjectedRow> MarketVersionAsync(string platform, MarketTicker ticker, DateTimeOffset at)
    {
        var uuid = MarketIdentity.Uuid(platform, ticker);
        return VersionAsync(Tables.Markets, uuid, uuid.ToString(), at, row =>
        {
            row["market_uuid"] = uuid;
            row["market_id"] = ticker.Value;
            row["platform_id"] = platform;
            row["external_id"] = ticker.Value;
            row["ticker"] = ticker.Value;
            row["title"] = ticker.Value;
            row["market_type"] = "binary";
            row["status"] = "open";
        });
    }

    private async Task Listed(MarketListed e)
    {
        if (e.SeriesTicker is { } series)
            await InsertMissingAsync("series", "series_id", series, e.Platform, e.At);
        await InsertMissingAsync("events", "event_id", e.EventTicker, e.Platform, e.At, e.SeriesTicker);
        var row = await MarketVersionAsync(e.Platform, e.Ticker, e.At);
        row["event_id"] = e.EventTicker;
        row["title"] = e.Title;
        row["market_type"] = e.MarketType;
        row["metadata"] = MergeJson(row["metadata"], m =>
        {
            m["series_ticker"] = e.SeriesTicker;
            m["expected_expiration"] = e.ExpectedExpiration is { } x ? Time(x).ToString("O") : null;
        });
    }

    /// <summary>Series and events are reference rows: written once, when a market of theirs is first listed.</summary>
    private async Task InsertMissingAsync(string table, string key, string id, string platform, DateTimeOffset at, string? series = null)
    {
        var withSeries = series is null ? "" : ", series_id";
        var seriesValue = series is null ? "" : ", @s";
        await db.ExecuteAsync(connection, tx,
            $"INSERT INTO {table} ({key}, platform_id, external_id, category, title, created_at, updated_at{withSeries}) " +
            $"VALUES (@id, @platform, @id, 'sports', @id, @at, @at{seriesValue}) ON CONFLICT ({key}) DO NOTHING", ct,
            new Arg("id", ColumnKind.Text, id), new Arg("platform", ColumnKind.Text, platform), new Arg("at", ColumnKind.Timestamp, Time(at)),
            new Arg("s", ColumnKind.Text, series));
    }

    /// <summary>
    /// yes_price and no_price are the best bids of each side (the mark a holder could sell at, TRADING_RULES.md),
    /// spread the YES ask minus the YES bid; the asks and sizes go to metadata.
    /// </summary>
    private async Task Quote(QuoteChanged e)
    {
        var row = await MarketVersionAsync(e.Platform, e.Ticker, e.At);
        row["yes_price"] = e.YesBid.Value;
        row["no_price"] = e.NoBid.Value;
        row["spread"] = Math.Max(0m, e.YesAsk.Value - e.YesBid.Value);
        row["volume"] = e.Volume is { } v ? checked((int)v) : row["volume"];
        row["open_interest"] = e.OpenInterest is { } oi ? checked((int)oi) : row["open_interest"];
        row["metadata"] = MergeJson(row["metadata"], m =>
        {
            m["yes_bid"] = e.YesBid.Value;
            m["yes_ask"] = e.YesAsk.Value;
            m["no_bid"] = e.NoBid.Value;
            m["no_ask"] = e.NoAsk.Value;
            m["yes_bid_size"] = e.YesBidSize.Value;
            m["no_bid_size"] = e.NoBidSize.Value;
        });
    }

    private async Task MarketStatus(MarketStatusChanged e)
    {
        var row = await MarketVersionAsync(e.Platform, e.Ticker, e.At);
        row["status"] = e.Status.ToString().ToLowerInvariant();
    }

    private async Task Settled(MarketSettled e)
    {
        var row = await MarketVersionAsync(e.Platform, e.Ticker, e.At);
        row["status"] = "settled";
        row["settlement_value"] = e.YesSettlement.Value;
        var settlement = Tables.Settlements.NewRow();
        settlement["market_uuid"] = row["market_uuid"];
        settlement["market_id"] = e.Ticker.Value;
        settlement["platform_id"] = e.Platform;
        settlement["outcome"] = e.YesSettlement.Value switch { 1m => "yes", 0m => "no", _ => "void" };
        settlement["payout"] = e.YesSettlement.Value;
        settlement["settlement_timestamp"] = Time(e.At);
        settlement["created_at"] = Time(e.At);
        Insert(Tables.Settlements, settlement);
    }

    private async Task Linked(MarketLinkedToGame e)
    {
        var row = await MarketVersionAsync(e.Platform, e.Ticker, e.At);
        row["metadata"] = MergeJson(row["metadata"], m => m["game"] = new JsonObject { ["league"] = e.League, ["external_game_id"] = e.ExternalGameId });
    }

    /// <summary>
    /// The readings are the edges of every active strategy/model version: each becomes a new version of its
    /// key (market, strategy, model, method, side); a current edge of the market that is no longer read is closed.
    /// </summary>
    private async Task EdgesOf(EdgesUpdated e)
    {
        var market = MarketIdentity.Uuid(e.Platform, e.Ticker);
        await CurrentAsync(Tables.Edges, market, "");
        var seen = new HashSet<string>();
        foreach (var r in e.Edges)
        {
            var strategy = await VersionIdAsync(VersionKind.Strategy, r.Strategy);
            var model = await VersionIdAsync(VersionKind.Model, r.Model);
            var side = r.Side.ToWire();
            var key = EdgeKey(market, strategy, model, null, side);
            if (!seen.Add(key))
                throw new InvalidOperationException($"two readings for {r.Strategy} / {r.Model} / {side} in one update");
            var row = await VersionAsync(Tables.Edges, market, key, e.At, n =>
            {
                n["market_uuid"] = market;
                n["market_id"] = e.Ticker.Value;
                n["side"] = side;
                n["strategy_id"] = strategy;
                n["model_id"] = model;
            });
            row["expected_value"] = Round4(r.Edge);
            row["true_win_probability"] = r.ModelProbability.Value;
            row["market_implied_probability"] = r.MarketPrice.Value;
            row["market_price"] = r.MarketPrice.Value;
            row["confidence_level"] = r.Confidence.ToString().ToLowerInvariant();
        }
        var prefix = market.ToString("N") + "|";
        foreach (var stale in _current.Keys.Where(k => k.Item1 == Tables.Edges && k.Item2.StartsWith(prefix, StringComparison.Ordinal) && !seen.Contains(k.Item2)).ToList())
            Retire(Tables.Edges, stale.Item2, e.At);
    }

    private async Task Game(GameStateChanged e)
    {
        var row = await VersionAsync(Tables.GameStates, e.ExternalGameId, GameKey(e.League, e.ExternalGameId), e.At, n =>
        {
            n["external_game_id"] = e.ExternalGameId;
            n["sport"] = e.League;
        });
        row["home_team"] = e.HomeTeam;
        row["away_team"] = e.AwayTeam;
        row["home_score"] = e.HomeScore;
        row["away_score"] = e.AwayScore;
        row["period"] = e.Period;
        row["time_remaining"] = e.Clock;
        // the schema records possession as home/away; a feed may name the team instead
        row["possession"] = e.Possession is { } p && p == e.HomeTeam ? "home" : e.Possession is { } q && q == e.AwayTeam ? "away" : e.Possession;
        row["status"] = e.Status.ToString().ToLowerInvariant();
        row["sport_metadata"] = MergeJson(null, m =>
        {
            m["down"] = e.Down;
            m["distance"] = e.Distance;
        });
    }

    private static string Tier(ConfidenceTier tier) => tier.ToString().ToLowerInvariant();
}
