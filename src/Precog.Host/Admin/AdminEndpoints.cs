using System.Text.Json;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Precog.Actors.Alerts;
using Precog.Actors.Breakers;
using Precog.Actors.Catalog;
using Precog.Actors.Games;
using Precog.Actors.Hosting;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Actors.Risk;
using Precog.Domain.Breakers;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Values;
using Precog.Domain.Versions;
using Serilog;

namespace Precog.Host.Admin;

/// <summary>
/// The admin API's endpoints. Each asks the live actors (never the database), asynchronously and with the configured
/// timeout: in the simulated node the question is one more message on the engine's serial thread, never a wait on it.
/// </summary>
public sealed partial class AdminEndpoints(ActorSystem system, ActorRegistry registry, AdminSettings settings, EngineOptions engine, NodeHealth health)
{
    public static void Map(IEndpointRouteBuilder e, AdminEndpoints api)
    {
        e.MapGet("/healthz", () => Ok(new { status = "up" }));
        e.MapGet("/readyz", Handler(c => api.Ready(c.RequestAborted)));
        e.MapGet("/api/cluster", api.Cluster);
        e.MapGet("/api/positions", Handler(c => api.Positions(Flag(c, "open"), c.RequestAborted)));
        e.MapGet("/api/positions/{id}", (string id, HttpContext c) => api.Position(id, c.RequestAborted));
        e.MapGet("/api/markets", Handler(c => api.Markets(Flag(c, "active"), c.RequestAborted)));
        e.MapGet("/api/markets/{ticker}", (string ticker, HttpContext c) => api.Market(ticker, c.RequestAborted));
        e.MapGet("/api/breakers", Handler(c => api.Breakers(c.RequestAborted)));
        e.MapPost("/api/breakers/{kind}/{scope}/trip", (string kind, string scope, HttpContext c) => api.Trip(kind, scope, c));
        e.MapPost("/api/breakers/{kind}/{scope}/reset", (string kind, string scope, HttpContext c) => api.Reset(kind, scope, c));
        e.MapPost("/api/killswitch", Handler(api.KillSwitch));
        e.MapGet("/api/alerts", Handler(c => api.Alerts(Flag(c, "unresolved"), c.RequestAborted)));
        e.MapPost("/api/alerts/{id}/ack", (string id, HttpContext c) => api.Acknowledge(id, c));
        e.MapPost("/api/alerts/{id}/resolve", (string id, HttpContext c) => api.Resolve(id, c));
        e.MapGet("/api/strategies", Handler(c => api.Strategies(c.RequestAborted)));
        e.MapPost("/api/strategies/{name}/{version}/{action}", (string name, string version, string action, HttpContext c) => api.ChangeStrategy(name, version, action, c));
        MapOperations(e, api);
    }

    /// <summary>A handler of the whole context whose IResult is written (a bare lambda of HttpContext would bind as a RequestDelegate and drop it).</summary>
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handle) => handle;

    // ---- health ----

    private async Task<IResult> Ready(CancellationToken ct)
    {
        var checks = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        checks["cluster"] = self.Status == Akka.Cluster.MemberStatus.Up ? "up" : $"member {self.Status.ToString().ToLowerInvariant()}";
        checks["journal"] = health.JournalFault is { } fault ? $"failing: {fault}" : "ok";
        try
        {
            var board = await Ask<BreakerBoard>(await registry.GetAsync<RiskManagerKey>(ct), new GetBreakerBoard(), "risk-manager", ct);
            var stale = board.Breakers.Values.Where(b => b.Id.Kind == BreakerKind.DataStale && b.IsTripped).Select(b => b.Id.ToString()).ToList();
            checks["feeds"] = stale.Count == 0 ? "fresh" : $"stale: {string.Join(", ", stale)}";
        }
        catch (ActorDidNotAnswerException e)
        {
            checks["feeds"] = e.Message;
        }
        var ready = checks["cluster"] == "up" && checks["journal"] == "ok" && checks["feeds"] == "fresh";
        return Results.Json(new ReadyView(ready, checks), AdminApi.Json, statusCode: ready ? 200 : 503);
    }

    // ---- cluster ----

    private IResult Cluster()
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        return Ok(new ClusterView(cluster.SelfAddress.ToString(), state.Leader?.ToString(),
            state.Members.Select(m => new MemberView(m.Address.ToString(), m.Status.ToString().ToLowerInvariant(), m.Roles.Order(StringComparer.Ordinal).ToList(),
                !unreachable.Contains(m.Address))).ToList(),
            unreachable.Select(a => a.ToString()).ToList()));
    }

    // ---- positions ----

    private async Task<IResult> Positions(bool openOnly, CancellationToken ct)
    {
        IEnumerable<PositionId> ids;
        if (openOnly)
        {
            var ledger = await Ask<RiskLedger>(await registry.GetAsync<RiskManagerKey>(ct), new GetRiskLedger(), "risk-manager", ct);
            ids = ledger.Open.Keys;
        }
        else ids = (await EntityIdsAsync<PositionRegion>("position region", ct)).Select(id => new PositionId(Guid.Parse(id)));
        var region = await registry.GetAsync<PositionRegion>(ct);
        var snapshots = await Task.WhenAll(ids.Select(id => Ask<PositionSnapshot>(region, new GetPositionSnapshot(id), $"position {id}", ct)));
        return Ok(snapshots.Where(s => s.Record.Opened is not null && (!openOnly || s.Record.IsOpen))
            .OrderBy(s => s.Record.Opened!.At).ThenBy(s => s.Position.Value).Select(AdminViews.Summary).ToList());
    }

    private async Task<IResult> Position(string text, CancellationToken ct)
    {
        if (!Guid.TryParse(text, out var guid)) return Error(400, $"'{text}' is not a position id (a UUID)");
        // asking an id no position has would start (and remember) an empty entity: look it up first
        if (!(await EntityIdsAsync<PositionRegion>("position region", ct)).Contains(guid.ToString()))
            return Error(404, $"no position {guid} on this node");
        var id = new PositionId(guid);
        var snapshot = await Ask<PositionSnapshot>(await registry.GetAsync<PositionRegion>(ct), new GetPositionSnapshot(id), $"position {id}", ct);
        return snapshot.Record.Opened is null ? Error(404, $"position {guid} was never opened") : Ok(AdminViews.Detail(snapshot));
    }

    // ---- markets ----

    private async Task<IResult> Markets(bool activeOnly, CancellationToken ct)
    {
        var region = await registry.GetAsync<MarketRegion>(ct);
        var views = await Task.WhenAll((await EntityIdsAsync<MarketRegion>("market region", ct)).Select(EntityIds.ParseMarket)
            .Select(m => Ask<MarketView>(region, new GetMarket(m.Platform, m.Ticker), $"market {m.Ticker}", ct)));
        return Ok(views.Where(v => !activeOnly || v.Status == MarketStatus.Open).OrderBy(v => v.Ticker.Value, StringComparer.Ordinal).Select(AdminViews.Summary).ToList());
    }

    private async Task<IResult> Market(string ticker, CancellationToken ct)
    {
        var match = (await EntityIdsAsync<MarketRegion>("market region", ct)).Select(EntityIds.ParseMarket)
            .Where(m => string.Equals(m.Ticker.Value, ticker, StringComparison.OrdinalIgnoreCase)).ToList();
        if (match.Count == 0) return Error(404, $"no market {ticker} on this node");
        var (platform, found) = match[0];
        var view = await Ask<MarketView>(await registry.GetAsync<MarketRegion>(ct), new GetMarket(platform, found), $"market {found}", ct);
        GameStateChanged? game = null;
        if (view.Game?.Split('/', 2) is [var league, var gameId])
        {
            var answer = await Ask<object>(await registry.GetAsync<GameRegion>(ct), new GetGame(league, gameId), $"game {view.Game}", ct, failuresAnswer: true);
            game = answer as GameStateChanged;
        }
        return Ok(AdminViews.Detail(view, game));
    }

    // ---- breakers ----

    private async Task<IResult> Breakers(CancellationToken ct)
    {
        var board = await Ask<BreakerBoard>(await registry.GetAsync<RiskManagerKey>(ct), new GetBreakerBoard(), "risk-manager", ct);
        return Ok(AdminViews.Of(board, EntryScopeOf(board)));
    }

    /// <summary>
    /// An entry on this node's exchange that depends on every feed the board knows of: what the risk manager's
    /// admission would answer for the most exposed entry (global breakers, the exchange's, any stale feed).
    /// </summary>
    private EntryScope EntryScopeOf(BreakerBoard board) => new(engine.Exchange.Platform,
        board.Breakers.Keys.Where(b => b.Kind == BreakerKind.DataStale).Select(b => b.Scope).Append(engine.Exchange.Platform).ToHashSet(StringComparer.Ordinal));

    private Task<IResult> Trip(string kind, string scope, HttpContext c) => Signal(kind, scope, c, trip: true);

    private Task<IResult> Reset(string kind, string scope, HttpContext c) => Signal(kind, scope, c, trip: false);

    private async Task<IResult> Signal(string kind, string scope, HttpContext c, bool trip)
    {
        if (AdminViews.ParseKind(kind) is not { } k)
            return Error(400, $"'{kind}' is not a breaker kind ({string.Join(", ", Enum.GetValues<BreakerKind>().Select(x => x.ToWire()))})");
        if (!ScopePattern().IsMatch(scope)) return Error(400, $"'{scope}' is not a breaker scope (global, an exchange or a feed: letters, digits, '.', '_', '-')");
        var body = await BodyAsync(c);
        var reason = body?.Reason?.Trim();
        if (trip && string.IsNullOrEmpty(reason)) return Error(400, "a trip needs a reason");
        return Ok(await SignalAsync(new BreakerId(k, scope), trip, reason ?? "reset through the admin API", body?.By, c.RequestAborted));
    }

    private async Task<IResult> KillSwitch(HttpContext c)
    {
        var body = await BodyAsync(c);
        var on = body?.State?.Trim().ToLowerInvariant() switch { "on" => true, "off" => false, _ => (bool?)null };
        if (on is null) return Error(400, "the kill switch takes {\"state\": \"on\"} or {\"state\": \"off\"}");
        var reason = body!.Reason?.Trim() is { Length: > 0 } r ? r : on.Value ? "kill switch on" : "kill switch off";
        return Ok(await SignalAsync(new BreakerId(BreakerKind.Manual, BreakerId.Global), on.Value, reason, body.By, c.RequestAborted));
    }

    /// <summary>Tells the breaker the operator's trip or reset, then asks its state: it answers after it has journaled the change.</summary>
    private async Task<BreakerView> SignalAsync(BreakerId id, bool trip, string reason, string? by, CancellationToken ct)
    {
        var region = await registry.GetAsync<BreakerRegion>(ct);
        var who = by is { Length: > 0 } name ? $"{name} (admin API)" : "operator (admin API)";
        var now = engine.Time.GetUtcNow();
        region.Tell(new SignalBreaker(id, trip ? new ManualTrip(now, who, reason) : new ManualReset(now, who, reason)));
        Log.Information("Admin API: breaker {Breaker} {Action} by {Operator}: {Reason}", id, trip ? "trip" : "reset", who, reason);
        return AdminViews.Of(await Ask<BreakerState>(region, new GetBreakerState(id), $"breaker {id}", ct));
    }

    // ---- alerts ----

    private async Task<IResult> Alerts(bool unresolvedOnly, CancellationToken ct)
    {
        var list = await Ask<AlertList>(await registry.GetAsync<AlertRouterKey>(ct), new GetAlerts(unresolvedOnly), "alert router", ct);
        return Ok(list.Alerts.Select(AdminViews.Of).ToList());
    }

    private Task<IResult> Acknowledge(string id, HttpContext c) => AlertCommand(id, c, (guid, body) => new AcknowledgeAlert(guid, Operator(body)));

    private async Task<IResult> Resolve(string id, HttpContext c)
    {
        var body = await BodyAsync(c);
        if (AdminViews.ParseResolution(body?.Action?.Trim().ToLowerInvariant()) is not { } action)
            return Error(400, "a resolution needs an action: fixed, false_positive, ignored or escalated");
        return await AlertCommand(id, c, (guid, _) => new ResolveAlert(guid, action, Operator(body)), body);
    }

    private async Task<IResult> AlertCommand(string id, HttpContext c, Func<Guid, CommandBody?, object> command, CommandBody? body = null)
    {
        if (!Guid.TryParse(id, out var guid)) return Error(400, $"'{id}' is not an alert id (a UUID)");
        body ??= await BodyAsync(c);
        var router = await registry.GetAsync<AlertRouterKey>(c.RequestAborted);
        var all = await Ask<AlertList>(router, new GetAlerts(false), "alert router", c.RequestAborted);
        if (all.Alerts.All(a => a.Id != guid)) return Error(404, $"no alert {guid} on this node");
        return await Ask<object>(router, command(guid, body), "alert router", c.RequestAborted) switch
        {
            AlertRecorded r => Ok(AdminViews.Of(r.Alert)),
            AlertRefused r => Error(409, r.Reason),
            var other => Error(500, $"the alert router answered {other.GetType().Name}"),
        };
    }

    // ---- strategies ----

    private async Task<IResult> Strategies(CancellationToken ct)
    {
        var list = await Ask<VersionList>(await registry.GetAsync<CatalogKey>(ct), new GetVersions(), "version catalog", ct);
        return Ok(list.Versions.Select(AdminViews.Of).ToList());
    }

    private async Task<IResult> ChangeStrategy(string name, string version, string action, HttpContext c)
    {
        var to = action switch { "activate" => VersionStatus.Active, "pause" => VersionStatus.Inactive, "deprecate" => VersionStatus.Deprecated, _ => (VersionStatus?)null };
        if (to is null) return Error(404, $"'{action}' is not a strategy action (activate, pause or deprecate)");
        var catalog = await registry.GetAsync<CatalogKey>(c.RequestAborted);
        var list = await Ask<VersionList>(catalog, new GetVersions(), "version catalog", c.RequestAborted);
        if (!list.Versions.Any(v => v.Kind == VersionKind.Strategy && v.Name == name && v.Version == version))
            return Error(404, $"no strategy {name} {version} in the catalog");
        Log.Information("Admin API: strategy {Name} {Version} {Action}", name, version, action);
        return await Ask<object>(catalog, new ChangeVersionStatus(VersionKind.Strategy, name, version, to.Value), "version catalog", c.RequestAborted) switch
        {
            VersionStatusRecorded r => Ok(AdminViews.Of(r.Version)),
            VersionChangeRefused r => Error(409, r.Reason),
            var other => Error(500, $"the version catalog answered {other.GetType().Name}"),
        };
    }

    // ---- plumbing ----

    /// <summary>What a POST may carry: a reason, who acts, the kill switch's state, an alert's resolution, a member's address, a log level.</summary>
    public sealed record CommandBody(string? Reason, string? By, string? State, string? Action, string? Address = null, string? Level = null);

    private static async Task<CommandBody?> BodyAsync(HttpContext c)
    {
        if (c.Request.ContentLength is 0 || !(c.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false)) return null;
        try
        {
            return await JsonSerializer.DeserializeAsync<CommandBody>(c.Request.Body, AdminApi.Json, c.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"the body is not the JSON expected: {e.Message}");
        }
    }

    private static string Operator(CommandBody? body) => body?.By is { Length: > 0 } by ? $"{by} (admin API)" : "operator (admin API)";

    private static bool Flag(HttpContext c, string name) => c.Request.Query[name].ToString() is "true" or "1" or "yes";

    /// <summary>The entity ids a shard region of this node hosts (asked of the region, not the database).</summary>
    private async Task<IReadOnlyList<string>> EntityIdsAsync<TRegion>(string name, CancellationToken ct)
    {
        var state = await Ask<CurrentShardRegionState>(await registry.GetAsync<TRegion>(ct), GetShardRegionState.Instance, name, ct);
        return state.Shards.SelectMany(s => s.EntityIds).ToList();
    }

    private async Task<T> Ask<T>(IActorRef actor, object message, string name, CancellationToken ct, bool failuresAnswer = false)
    {
        try
        {
            if (!failuresAnswer) return await actor.Ask<T>(message, settings.AskTimeout, ct);
            // an actor that answers with a Status.Failure (a game with no state yet) answers; the caller reads it
            var answer = await actor.Ask<object>(message, settings.AskTimeout, ct);
            return (T)answer;
        }
        catch (AskTimeoutException)
        {
            throw new ActorDidNotAnswerException(name, settings.AskTimeout);
        }
        catch (Exception e) when (failuresAnswer && e is not OperationCanceledException)
        {
            return (T)(object)new Status.Failure(e);
        }
    }

    private static IResult Ok(object value) => Results.Json(value, AdminApi.Json);

    private static IResult Error(int status, string message) => Results.Json(new ErrorView(message), AdminApi.Json, statusCode: status);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ScopePattern();
}
