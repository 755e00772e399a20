using System.Globalization;
using Precog.Domain.Accounts;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;
using Precog.Domain.Versions;

namespace Precog.Persistence.Projection;

/// <summary>Breakers, balances, alerts, and the catalog of strategy, model and method versions.</summary>
internal sealed partial class ScdBatch
{
    private readonly Dictionary<string, ProjectedRow> _pendingTrips = [];
    private readonly Dictionary<Guid, ProjectedRow> _pendingAlerts = [];
    private Dictionary<(VersionKind, string), long>? _catalog;

    /// <summary>
    /// A trip (closed → open) is one circuit_breaker_events row; closing the breaker again resolves that row.
    /// Half-open probing and a failed probe (half-open → open) belong to the same trip.
    /// </summary>
    private Task Breaker(BreakerTransitioned e)
    {
        var t = e.Transition;
        var id = t.Id.ToString();
        if (t.From == BreakerStatus.Closed && t.To != BreakerStatus.Closed)
        {
            var row = Tables.BreakerEvents.NewRow();
            row["breaker_type"] = t.Id.Kind.ToWire();
            row["triggered_at"] = Time(t.At);
            row["trigger_value"] = MergeJson(null, v =>
            {
                v["scope"] = t.Id.Scope;
                v["reason"] = t.Reason;
                v["operator"] = t.Operator;
            });
            row["notes"] = t.Reason;
            Insert(Tables.BreakerEvents, row);
            _pendingTrips[id] = row;
        }
        else if (t.To == BreakerStatus.Closed && t.From != BreakerStatus.Closed)
        {
            var action = t.Operator is { } who ? $"reset by {who}: {t.Reason}" : $"automatic: {t.Reason}";
            if (_pendingTrips.Remove(id, out var row))
            {
                row["resolved_at"] = Time(t.At);
                row["resolution_action"] = action;
            }
            else
            {
                return Update("UPDATE circuit_breaker_events SET resolved_at = @at, resolution_action = @a WHERE event_id = " +
                       $"(SELECT MAX(event_id) FROM circuit_breaker_events WHERE breaker_type = @type AND resolved_at IS NULL AND {db.JsonText("trigger_value", "scope")} = @scope)",
                    new Arg("at", ColumnKind.Timestamp, Time(t.At)), new Arg("a", ColumnKind.Text, action),
                    new Arg("type", ColumnKind.Text, t.Id.Kind.ToWire()), new Arg("scope", ColumnKind.Text, t.Id.Scope));
            }
        }
        return Task.CompletedTask;
    }

    private async Task Balance(BalanceChanged e)
    {
        var row = await VersionAsync(Tables.AccountBalance, e.Platform, e.Platform, e.At, n =>
        {
            n["platform_id"] = e.Platform;
            n["currency"] = "USD";
        });
        row["balance"] = e.Balance.Value;
    }

    private Task Raised(AlertRaised e)
    {
        var a = e.Alert;
        var row = Tables.Alerts.NewRow();
        row["alert_uuid"] = a.Id;
        row["alert_type"] = a.Type;
        row["severity"] = a.Severity.ToString().ToLowerInvariant();
        row["component"] = a.Component;
        row["message"] = a.Message;
        row["fingerprint"] = a.Fingerprint;
        row["suppressed"] = a.Suppressed;
        row["triggered_at"] = Time(a.RaisedAt);
        row["acknowledged_at"] = a.AcknowledgedAt is { } ack ? Time(ack) : null;
        row["acknowledged_by"] = a.AcknowledgedBy;
        row["resolved_at"] = a.ResolvedAt is { } res ? Time(res) : null;
        row["resolved_by"] = a.ResolvedBy;
        row["resolution_action"] = a.Resolution is { } r ? Wire(r) : null;
        Insert(Tables.Alerts, row);
        _pendingAlerts[a.Id] = row;
        return Task.CompletedTask;
    }

    private Task Acknowledged(AlertAcknowledged e) => AlertChange(e.AlertId,
        ("acknowledged_at", ColumnKind.Timestamp, Time(e.At)), ("acknowledged_by", ColumnKind.Text, e.By));

    private Task AlertDone(AlertResolved e) => AlertChange(e.AlertId,
        ("resolved_at", ColumnKind.Timestamp, Time(e.At)), ("resolved_by", ColumnKind.Text, e.By), ("resolution_action", ColumnKind.Text, Wire(e.Action)));

    private Task AlertChange(Guid alert, params (string Column, ColumnKind Kind, object Value)[] changes)
    {
        if (_pendingAlerts.TryGetValue(alert, out var row))
        {
            foreach (var (column, _, value) in changes) row[column] = value;
        }
        else
        {
            var set = string.Join(", ", changes.Select((c, i) => $"{c.Column} = @v{i}"));
            return Update($"UPDATE alerts SET {set} WHERE alert_uuid = @id",
                [.. changes.Select((c, i) => new Arg("v" + i, c.Kind, c.Value)), new Arg("id", ColumnKind.Uuid, alert)]);
        }
        return Task.CompletedTask;
    }

    private static string Wire(ResolutionAction action) => action switch
    {
        ResolutionAction.Fixed => "fixed",
        ResolutionAction.FalsePositive => "false_positive",
        ResolutionAction.Ignored => "ignored",
        _ => "escalated",
    };

    // ---- the catalog of versions --------------------------------------------------------------------------

    private static TableSpec CatalogTable(VersionKind kind) => kind switch
    {
        VersionKind.Strategy => Tables.Strategies,
        VersionKind.Model => Tables.Models,
        _ => Tables.Methods,
    };

    private static string Prefix(VersionKind kind) => kind switch
    {
        VersionKind.Strategy => "strategy",
        VersionKind.Model => "model",
        _ => "method",
    };

    /// <summary>The id of a version named by its label ("name vX.Y"). Attribution must be exact: an unknown label stops the projection.</summary>
    private async Task<long> VersionIdAsync(VersionKind kind, string label)
    {
        var catalog = await CatalogAsync();
        return catalog.TryGetValue((kind, label), out var id)
            ? id
            : throw new InvalidOperationException($"{Prefix(kind)} '{label}' is not registered (no version.registered event precedes it)");
    }

    private async Task<Dictionary<(VersionKind, string), long>> CatalogAsync()
    {
        if (_catalog is not null) return _catalog;
        _catalog = [];
        foreach (var kind in new[] { VersionKind.Strategy, VersionKind.Model, VersionKind.Method })
        {
            var table = CatalogTable(kind);
            var p = Prefix(kind);
            foreach (var r in await db.QueryAsync(connection, tx, $"SELECT {table.PrimaryKey}, {p}_name, {p}_version FROM {table.Name}", ct))
                _catalog[(kind, $"{r[1]} {r[2]}")] = Convert.ToInt64(r[0], CultureInfo.InvariantCulture);
        }
        return _catalog;
    }

    /// <summary>
    /// A new version row, written at once so that edges and positions later in the same batch can point at
    /// it. A version registered twice (a node re-announcing it) keeps its first row: configs never change.
    /// </summary>
    private async Task Registered(VersionRegistered e)
    {
        var catalog = await CatalogAsync();
        if (catalog.ContainsKey((e.Kind, e.Label))) return;
        var table = CatalogTable(e.Kind);
        var p = Prefix(e.Kind);
        var row = table.NewRow();
        row[$"{p}_name"] = e.Name;
        row[$"{p}_version"] = e.Version;
        row["status"] = e.Status.ToWire();
        row["created_at"] = Time(e.At);
        if (e.Kind == VersionKind.Method)
        {
            row["strategy_id"] = await VersionIdAsync(VersionKind.Strategy, e.Strategy ?? throw new InvalidOperationException($"method {e.Label} names no strategy"));
            row["model_id"] = await VersionIdAsync(VersionKind.Model, e.Model ?? throw new InvalidOperationException($"method {e.Label} names no model"));
            var config = FrozenConfig.Parse(e.ConfigJson).Read();
            row["position_mgmt_config"] = config["position_mgmt"]?.ToJsonString() ?? "{}";
            row["risk_config"] = config["risk"]?.ToJsonString() ?? "{}";
            row["execution_config"] = config["execution"]?.ToJsonString() ?? "{}";
            row["sport_config"] = config["sport"]?.ToJsonString() ?? "{}";
            row["config_hash"] = e.ConfigHash;
            row["activated_at"] = e.Status == VersionStatus.Active ? Time(e.At) : null;
        }
        else
        {
            row[$"{p}_type"] = e.ComponentType;
            row["config"] = e.ConfigJson;
        }
        catalog[(e.Kind, e.Label)] = await db.InsertReturningIdAsync(connection, tx, table, row, ct);
    }

    private async Task StatusChanged(VersionStatusChanged e)
    {
        await VersionIdAsync(e.Kind, e.Label);
        var p = Prefix(e.Kind);
        var extra = e.Kind != VersionKind.Method ? ""
            : e.To == VersionStatus.Active ? ", activated_at = @at"
            : e.To == VersionStatus.Deprecated ? ", deactivated_at = @at"
            : "";
        await db.ExecuteAsync(connection, tx, $"UPDATE {CatalogTable(e.Kind).Name} SET status = @s{extra} WHERE {p}_name = @n AND {p}_version = @v", ct,
            new Arg("s", ColumnKind.Text, e.To.ToWire()), new Arg("at", ColumnKind.Timestamp, Time(e.At)),
            new Arg("n", ColumnKind.Text, e.Name), new Arg("v", ColumnKind.Text, e.Version));
    }
}
