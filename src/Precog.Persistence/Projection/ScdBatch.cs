using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Precog.Domain.Accounts;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Domain.Versions;
using Precog.Persistence.Serialization;

namespace Precog.Persistence.Projection;

/// <summary>
/// One batch of the SCD writer, inside one transaction: folds the batch's events per business key in memory
/// (every intermediate version becomes a closed history row, the last one the current row), then writes
/// everything at once: close the touched current rows, bulk-insert the new rows in the order their versions
/// began, apply the updates of rows written by earlier batches. The rows it produces depend only on the
/// events and the rows already in the database, never on where a batch boundary falls, so a rebuild in one
/// pass equals the same journal projected batch by batch.
/// </summary>
internal sealed partial class ScdBatch(ProjectionDatabase db, DbConnection connection, DbTransaction tx, CancellationToken ct, string environment = "live")
{
    private readonly Dictionary<(TableSpec, string), ProjectedRow> _current = [];
    private readonly HashSet<(TableSpec, object)> _loaded = [];
    private readonly Dictionary<TableSpec, List<(long, DateTimeOffset)>> _closes = [];
    private readonly Dictionary<TableSpec, List<ProjectedRow>> _inserts = [];
    private JournalEvent? _event;

    public int Applied { get; private set; }

    /// <summary>Loads, in one query per table, the current rows every event of the batch will touch.</summary>
    public async Task PrefetchAsync(IReadOnlyList<JournalEvent> events)
    {
        var keys = new Dictionary<TableSpec, HashSet<object>>();
        void Want(TableSpec t, object key)
        {
            if (!_loaded.Contains((t, key)))
                (keys.TryGetValue(t, out var set) ? set : keys[t] = []).Add(key);
        }
        foreach (var e in events)
        {
            switch (e.Event)
            {
                case MarketListed or QuoteChanged or MarketStatusChanged or MarketSettled or MarketLinkedToGame:
                    var (platform, ticker) = MarketOf(e.Event);
                    Want(Tables.Markets, MarketIdentity.Uuid(platform, ticker));
                    break;
                case EdgesUpdated u:
                    Want(Tables.Edges, MarketIdentity.Uuid(u.Platform, u.Ticker));
                    break;
                case GameStateChanged g:
                    Want(Tables.GameStates, g.ExternalGameId);
                    break;
                case BalanceChanged b:
                    Want(Tables.AccountBalance, b.Platform);
                    break;
                default:
                    if (PositionOf(e.Event) is { } position)
                        Want(Tables.Positions, position.Value);
                    break;
            }
        }
        foreach (var (table, wanted) in keys)
            await LoadAsync(table, wanted);
    }

    /// <summary>Applies one event to the batch's rows; an event that cannot be applied names its journal row.</summary>
    public async Task ApplyAsync(JournalEvent e)
    {
        _event = e;
        try
        {
            await (e.Event switch
            {
                MarketListed x => Listed(x),
                QuoteChanged x => Quote(x),
                MarketStatusChanged x => MarketStatus(x),
                MarketSettled x => Settled(x),
                MarketLinkedToGame x => Linked(x),
                EdgesUpdated x => EdgesOf(x),
                GameStateChanged x => Game(x),
                PositionOpened x => Opened(x),
                EntryOrderPlanned x => EntryPlanned(x),
                FillRecorded x => Fill(x),
                TrailingStopMoved x => Trailing(x),
                ExitTriggered x => Triggered(x),
                ExitAttemptPlanned x => AttemptPlanned(x),
                ExitAttemptResolved x => AttemptResolved(x),
                ExitCompleted x => ExitDone(x),
                OrderAcknowledged x => Acknowledged(x),
                // the exit machine's own bookkeeping: no row records a cancel in flight or a call that timed out
                ExitCancelRequested or ExitOutcomeUnknown or EntryCompleted => Task.CompletedTask,
                // the risk manager's ledger: positions and trades already hold what it records
                Domain.Risk.EntryAdmitted or Domain.Risk.ExposureReleased => Task.CompletedTask,
                // the gateway's routing journal: only its own recovery reads it
                Domain.Orders.OrderRouted or Domain.Orders.OrderRouteClosed => Task.CompletedTask,
                PositionClosed x => Closed(x),
                PositionSettled x => PositionSettledAt(x),
                BreakerTransitioned x => Breaker(x),
                // a breaker's counters between transitions: kept for its own recovery, no row
                BreakerMemoryChanged => Task.CompletedTask,
                BalanceChanged x => Balance(x),
                AlertRaised x => Raised(x),
                AlertAcknowledged x => Acknowledged(x),
                AlertResolved x => AlertDone(x),
                VersionRegistered x => Registered(x),
                VersionStatusChanged x => StatusChanged(x),
                _ => throw Refuse($"no projection for {e.Event.GetType().Name}"),
            });
        }
        catch (Exception ex) when (ex is DomainValueException or InvalidOperationException or FormatException or OverflowException or JsonException)
        {
            throw Refuse(ex.Message, ex);
        }
        Applied++;
    }

    /// <summary>Writes the batch: closes, then inserts parents before children, then exits.</summary>
    public async Task FlushAsync()
    {
        foreach (var (table, closes) in _closes)
            await db.CloseAsync(connection, tx, table, closes, ct);
        foreach (var table in Tables.All)
            if (table != Tables.PositionExits && _inserts.TryGetValue(table, out var rows))
                await db.InsertAsync(connection, tx, table, Tagged(table, rows), ct);
        await FlushExitsAsync();
    }

    /// <summary>
    /// A new row of a trading table says where it was traded (the writer's execution environment); a new version keeps
    /// the tag of the row it follows.
    /// </summary>
    private List<ProjectedRow> Tagged(TableSpec table, List<ProjectedRow> rows)
    {
        if (!table.Has(Tables.ExecutionEnvironment)) return rows;
        foreach (var row in rows) row[Tables.ExecutionEnvironment] ??= environment;
        return rows;
    }

    private ProjectionException Refuse(string reason, Exception? inner = null) => new(_event!.Row, reason, inner);

    // ---- versioned rows -------------------------------------------------------------------------------

    private async Task LoadAsync(TableSpec table, IReadOnlyCollection<object> keys)
    {
        foreach (var row in await db.LoadCurrentAsync(connection, tx, table, keys, ct))
            _current[(table, KeyOf(row))] = row;
        foreach (var k in keys)
            _loaded.Add((table, k));
    }

    /// <summary>The current row of a key (loaded from the database on first use), or null.</summary>
    private async Task<ProjectedRow?> CurrentAsync(TableSpec table, object businessKey, string key)
    {
        if (!_loaded.Contains((table, businessKey)))
            await LoadAsync(table, [businessKey]);
        return _current.GetValueOrDefault((table, key));
    }

    /// <summary>
    /// Starts a new version of a key at <paramref name="at"/>: the previous current row (from the database or
    /// this batch) is closed at that time and copied forward; without one, <paramref name="create"/> fills a
    /// first row. A version never starts before its predecessor (a clock that stepped back is held at it).
    /// </summary>
    private async Task<ProjectedRow> VersionAsync(TableSpec table, object businessKey, string key, DateTimeOffset at, Action<ProjectedRow> create)
    {
        at = db.Normalize(at);
        ProjectedRow next;
        if (await CurrentAsync(table, businessKey, key) is { } previous)
        {
            var began = previous.Get<DateTimeOffset>("created_at");
            if (at < began) at = began;
            Close(previous, at);
            next = previous.Copy();
        }
        else
        {
            next = table.NewRow();
            create(next);
        }
        next["created_at"] = at;
        next["row_current_ind"] = true;
        next["row_end_ts"] = null;
        if (table.Columns.Any(c => c.Name == "updated_at")) next["updated_at"] = at;
        _current[(table, key)] = next;
        Insert(table, next);
        return next;
    }

    private void Close(ProjectedRow row, DateTimeOffset at)
    {
        if (row.Id is { } id)
            (_closes.TryGetValue(row.Table, out var list) ? list : _closes[row.Table] = []).Add((id, at));
        row["row_current_ind"] = false;
        row["row_end_ts"] = at;
    }

    /// <summary>Closes a key's current row with no successor (an edge whose version is no longer evaluated).</summary>
    private void Retire(TableSpec table, string key, DateTimeOffset at)
    {
        if (!_current.Remove((table, key), out var row)) return;
        var began = row.Get<DateTimeOffset>("created_at");
        Close(row, db.Normalize(at) < began ? began : db.Normalize(at));
    }

    private void Insert(TableSpec table, ProjectedRow row) =>
        (_inserts.TryGetValue(table, out var list) ? list : _inserts[table] = []).Add(row);

    /// <summary>
    /// Changes a row an earlier batch wrote, at once: deferred to the flush, it could land on a row this batch
    /// inserts later (a newer attempt of the same number, a newer trip of the same breaker).
    /// </summary>
    private Task Update(string sql, params Arg[] args) => db.ExecuteAsync(connection, tx, sql, ct, args);

    private static string KeyOf(ProjectedRow row)
    {
        if (row.Table == Tables.GameStates) return GameKey(row.Get<string>("sport"), row.Get<string>("external_game_id"));
        if (row.Table == Tables.Edges)
            return EdgeKey(row.Get<Guid>("market_uuid"), (long?)row["strategy_id"], (long?)row["model_id"], (long?)row["method_id"], row.Get<string>("side"));
        return Convert.ToString(row[row.Table.BusinessKey!], System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static string GameKey(string sport, string externalId) => sport + "\n" + externalId;

    private static string EdgeKey(Guid market, long? strategy, long? model, long? method, string side) => $"{market:N}|{strategy}|{model}|{method}|{side}";

    // ---- helpers ----------------------------------------------------------------------------------------

    private DateTimeOffset Time(DateTimeOffset at) => db.Normalize(at);

    /// <summary>Sets fields of a JSON object column, keeping the others (fields in a fixed order, so equal histories give equal text).</summary>
    private static string MergeJson(object? json, Action<JsonObject> change)
    {
        var obj = json is string s && s.Length > 0 ? JsonNode.Parse(s)!.AsObject() : new JsonObject();
        change(obj);
        return obj.ToJsonString();
    }

    private static string ToJson<T>(T value) => JsonSerializer.Serialize(value, PrecogJson.Options);

    private static decimal Round4(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero);

    private static (string Platform, MarketTicker Ticker) MarketOf(object e) => e switch
    {
        MarketListed x => (x.Platform, x.Ticker),
        QuoteChanged x => (x.Platform, x.Ticker),
        MarketStatusChanged x => (x.Platform, x.Ticker),
        MarketSettled x => (x.Platform, x.Ticker),
        MarketLinkedToGame x => (x.Platform, x.Ticker),
        EdgesUpdated x => (x.Platform, x.Ticker),
        _ => throw new ArgumentException($"{e.GetType().Name} is not a market event"),
    };

    private static PositionId? PositionOf(object e) => e switch
    {
        PositionOpened x => x.Position,
        EntryOrderPlanned x => x.Position,
        FillRecorded x => x.Position,
        TrailingStopMoved x => x.Position,
        ExitTriggered x => x.Position,
        ExitAttemptPlanned x => x.Position,
        ExitAttemptResolved x => x.Position,
        ExitCompleted x => x.Position,
        PositionClosed x => x.Position,
        PositionSettled x => x.Position,
        _ => null,
    };
}

/// <summary>The identity of a market across its versions: a UUID derived from its platform and ticker, so every node and every rebuild gives the same one.</summary>
public static class MarketIdentity
{
    public static Guid Uuid(string platform, MarketTicker ticker)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"market:{platform}:{ticker.Value}"));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: a name-based UUID of our own hashing
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
