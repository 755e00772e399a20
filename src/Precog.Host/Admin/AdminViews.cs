using Precog.Actors.Breakers;
using Precog.Actors.Catalog;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;
using Precog.Domain.Entry;
using Precog.Domain.Exits;
using Precog.Domain.Games;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Domain.Versions;

namespace Precog.Host.Admin;

// The admin API's JSON: plain records of strings, decimals and times (snake_case on the wire), mapped from the
// actors' answers here so that the actors' types can change without changing what operators and scripts read.

public sealed record ErrorView(string Error, string? Actor = null);

public sealed record MemberView(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);

public sealed record ClusterView(string Self, string? Leader, IReadOnlyList<MemberView> Members, IReadOnlyList<string> Unreachable);

public sealed record QuoteView(decimal YesBid, decimal YesAsk, decimal NoBid, decimal NoAsk, int YesBidSize, int NoBidSize, DateTimeOffset At);

public sealed record TrailingView(bool Active, decimal? ActivationPrice, decimal? Peak, decimal? Stop, decimal? Distance, DateTimeOffset? ActivatedAt);

public sealed record AttemptView(int Number, string Priority, string OrderType, decimal Limit, int Quantity, string ClientOrderId, string Phase,
    string? OrderId, int Filled, DateTimeOffset PlannedAt, DateTimeOffset Deadline);

public sealed record ExitView(string Condition, string Priority, int Quantity, string Reason, int? Stage, int Sold, int Attempts, int Rejections,
    AttemptView? Attempt, string? Preempting);

public sealed record EntryView(string ClientOrderId, int Quantity, decimal Limit, string? OrderId, int Filled, bool Done, DateTimeOffset PlannedAt);

public sealed record PositionSummaryView(string Id, string Platform, string Ticker, string Side, string Status, string Strategy, string Model,
    decimal? Entry, int Held, decimal? Mark, decimal Realized, decimal? Unrealized, decimal? Pnl, bool TrailingActive, string? Exit, DateTimeOffset? OpenedAt);

public sealed record PositionDetailView(PositionSummaryView Position, string Tier, int TargetQuantity, decimal Fees, IReadOnlyList<string> Trades,
    EntryView? EntryOrder, QuoteView? LastQuote, TrailingView? Trailing, IReadOnlyList<int> ExecutedStages, ExitView? Exit,
    string? LastExit, string? Ended);

public sealed record EdgeView(string Strategy, string Model, string Side, decimal ModelProbability, decimal MarketPrice, decimal Edge, string Confidence);

public sealed record GameView(string League, string Id, string Home, string Away, int HomeScore, int AwayScore, string Period, string Clock, string Status);

public sealed record MarketSummaryView(string Platform, string Ticker, string Status, bool Stale, decimal? YesBid, decimal? YesAsk, string? Game, decimal? BestEdge);

public sealed record MarketDetailView(MarketSummaryView Market, QuoteView? Quote, IReadOnlyList<EdgeView> Edges, GameView? GameState);

public sealed record BreakerView(string Id, string Kind, string Scope, string Status, DateTimeOffset? Since, string? Reason);

public sealed record EntriesView(bool Allowed, IReadOnlyList<string> BlockedBy);

public sealed record BreakersView(IReadOnlyList<BreakerView> Breakers, EntriesView Entries);

public sealed record AlertView(string Id, string Type, string Component, string Severity, string Status, string Message, DateTimeOffset RaisedAt,
    bool Suppressed, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt, string? ResolvedBy, string? Resolution);

public sealed record VersionView(string Kind, string Name, string Version, string Type, string Status, string ConfigHash, DateTimeOffset Since);

public sealed record ReadyView(bool Ready, IReadOnlyDictionary<string, string> Checks);

public static class AdminViews
{
    public static QuoteView Of(QuoteUpdated q) =>
        new(q.YesBid.Value, q.YesAsk.Value, q.NoBid.Value, q.NoAsk.Value, q.YesBidSize.Value, q.NoBidSize.Value, q.At);

    public static PositionSummaryView Summary(PositionSnapshot s)
    {
        var r = s.Record;
        var o = r.Opened;
        var entry = r.Rules?.View.Entry;
        // the mark is the held side's bid, as the position marks itself (TRADING_RULES §3)
        decimal? mark = o is not null && s.LastQuote is { } q ? q.For(o.Side).Bid.Value : null;
        decimal? unrealized = r.IsOpen && mark is { } m && entry is { } e ? Math.Round((m - e.Value) * r.Held.Value, 4) : null;
        return new PositionSummaryView(s.Position.ToString(), o?.Platform ?? "", o?.Ticker.Value ?? "", o?.Side.ToWire() ?? "",
            r.Status.ToString().ToLowerInvariant(), o?.Strategy ?? "", o?.Model ?? "", entry?.Value, r.Held.Value, mark, r.Realized.Value,
            unrealized, unrealized is { } u ? r.Realized.Value + u : r.Realized.Value, r.Rules?.Trailing.Active ?? false,
            r.Exits?.Active?.Trigger.Condition.ToWire(), o?.At);
    }

    public static PositionDetailView Detail(PositionSnapshot s)
    {
        var r = s.Record;
        var t = r.Rules?.Trailing;
        return new PositionDetailView(Summary(s), r.Opened?.Tier.ToWire() ?? "", r.Opened?.TargetQuantity.Value ?? 0, r.Fees.Value,
            r.Trades.OrderBy(x => x, StringComparer.Ordinal).ToList(),
            r.Entry is { } e ? new EntryView(e.ClientOrderId.ToString(), e.Quantity.Value, e.Limit.Value, e.OrderId, e.Filled.Value, e.Done, e.PlannedAt) : null,
            s.LastQuote is { } q ? Of(q) : null,
            t is null ? null : new TrailingView(t.Active, t.ActivationPrice?.Value, t.PeakPrice?.Value, t.CurrentStopPrice, t.CurrentDistance, t.ActivatedAt),
            r.Rules?.View.ExecutedStages.Order().ToList() ?? [],
            r.Exits?.Active is { } x ? Exit(x) : null,
            r.LastExit is { } last ? $"{last.Condition.ToWire()}: {last.QuantityExited} sold at {last.AveragePrice}, realized {last.RealizedPnl}" : null,
            r.Ended switch
            {
                PositionClosed c => $"closed at {c.At:O}: {c.Reason}",
                PositionSettled st => $"settled at {st.SettlementPrice} at {st.At:O}",
                _ => null,
            });
    }

    private static ExitView Exit(ExitInProgress x) => new(x.Trigger.Condition.ToWire(), x.Trigger.Priority.ToWire(), x.Trigger.Quantity.Value, x.Trigger.Reason,
        x.Trigger.Stage, x.Sold.Value, x.Attempts, x.Rejections,
        x.Attempt is { } a ? new AttemptView(a.Number, a.Priority.ToWire(), a.OrderType.ToString().ToLowerInvariant(), a.Limit.Value, a.Quantity.Value,
            a.ClientOrderId.ToString(), a.Phase.ToString().ToLowerInvariant(), a.OrderId, a.Filled.Value, a.PlannedAt, a.Deadline) : null,
        x.Preempting?.Condition.ToWire());

    public static MarketSummaryView Summary(MarketView m) => new(m.Platform, m.Ticker.Value, m.Status.ToString().ToLowerInvariant(), m.Stale,
        m.Quote?.YesBid.Value, m.Quote?.YesAsk.Value, m.Game, m.Edges.Count == 0 ? null : m.Edges.Max(e => e.Edge));

    public static MarketDetailView Detail(MarketView m, GameStateChanged? game) => new(Summary(m), m.Quote is { } q ? Of(q) : null,
        m.Edges.Select(e => new EdgeView(e.Strategy, e.Model, e.Side.ToWire(), e.ModelProbability.Value, e.MarketPrice.Value, e.Edge, e.Confidence.ToWire())).ToList(),
        game is { } g ? new GameView(g.League, g.ExternalGameId, g.HomeTeam, g.AwayTeam, g.HomeScore, g.AwayScore, g.Period, g.Clock, g.Status.ToString().ToLowerInvariant()) : null);

    public static BreakerView Of(BreakerState b) => new(b.Id.ToString(), b.Id.Kind.ToWire(), b.Id.Scope, b.Status.ToWire(),
        b.Since is { } since && since != DateTimeOffset.MinValue ? since : null, b.Reason is { Length: > 0 } reason ? reason : null);

    public static BreakersView Of(BreakerBoard board, EntryScope scope)
    {
        var admission = board.Entry(scope);
        return new BreakersView(board.Breakers.Values.OrderBy(b => b.Id.Kind).ThenBy(b => b.Id.Scope, StringComparer.Ordinal).Select(Of).ToList(),
            new EntriesView(admission.Allowed, admission.BlockedBy.Select(b => b.ToString()).ToList()));
    }

    public static AlertView Of(Alert a) => new(a.Id.ToString(), a.Type, a.Component, a.Severity.ToWire(), a.Status.ToString().ToLowerInvariant(), a.Message,
        a.RaisedAt, a.Suppressed, a.AcknowledgedAt, a.AcknowledgedBy, a.ResolvedAt, a.ResolvedBy, a.Resolution is { } r ? Wire(r) : null);

    public static VersionView Of(CatalogVersion v) => new(v.Kind.ToString().ToLowerInvariant(), v.Name, v.Version, v.ComponentType, v.Status.ToWire(), v.ConfigHash, v.Since);

    /// <summary>fixed, false_positive, ignored, escalated: the schema's words.</summary>
    public static string Wire(ResolutionAction a) => a switch
    {
        ResolutionAction.FalsePositive => "false_positive",
        _ => a.ToString().ToLowerInvariant(),
    };

    public static ResolutionAction? ParseResolution(string? text) =>
        Enum.GetValues<ResolutionAction>().Cast<ResolutionAction?>().FirstOrDefault(a => Wire(a!.Value) == text);

    public static BreakerKind? ParseKind(string text) =>
        Enum.GetValues<BreakerKind>().Cast<BreakerKind?>().FirstOrDefault(k => k!.Value.ToWire() == text);
}
