using System.Text.Json.Nodes;
using Precog.Domain.Exits;
using Precog.Domain.Positions;
using Precog.Domain.Values;
using Precog.Domain.Versions;

namespace Precog.Persistence.Projection;

/// <summary>Positions, their trades, exit attempts and exits.</summary>
internal sealed partial class ScdBatch
{
    private readonly Dictionary<(Guid Position, int Attempt), ProjectedRow> _pendingAttempts = [];
    private readonly Dictionary<Guid, ProjectedRow> _attemptsByOrder = [];
    private readonly List<(ProjectedRow Row, string? TradeId)> _exits = [];

    private async Task<ProjectedRow> PositionVersionAsync(PositionId position, DateTimeOffset at)
    {
        if (await CurrentAsync(Tables.Positions, position.Value, position.ToString()) is null)
            throw new InvalidOperationException($"position {position} has no PositionOpened before this event");
        var row = await VersionAsync(Tables.Positions, position.Value, position.ToString(), at, _ => { });
        row["last_update"] = row["updated_at"];
        return row;
    }

    private async Task Opened(PositionOpened e)
    {
        if (await CurrentAsync(Tables.Positions, e.Position.Value, e.Position.ToString()) is not null)
            throw new InvalidOperationException($"position {e.Position} was already opened");
        var strategy = await VersionIdAsync(VersionKind.Strategy, e.Strategy);
        var model = await VersionIdAsync(VersionKind.Model, e.Model);
        long? method = e.Method is { } m ? await VersionIdAsync(VersionKind.Method, m) : null;
        var row = await VersionAsync(Tables.Positions, e.Position.Value, e.Position.ToString(), e.At, n =>
        {
            n["position_uuid"] = e.Position.Value;
            n["market_uuid"] = MarketIdentity.Uuid(e.Platform, e.Ticker);
            n["market_id"] = e.Ticker.Value;
            n["platform_id"] = e.Platform;
            n["strategy_id"] = strategy;
            n["model_id"] = model;
            n["method_id"] = method;
            n["side"] = e.Side.ToWire();
            // until the first fill the entry price is the limit the entry was admitted at
            n["entry_price"] = e.LimitPrice.Value;
            n["quantity"] = 0;
            n["fees"] = 0m;
            n["status"] = "open";
            n["realized_pnl"] = 0m;
            n["trailing_stop_state"] = ToJson(TrailingStopState.Inactive(e.TrailingStop));
            n["position_metadata"] = MergeJson(null, p =>
            {
                p["target_quantity"] = e.TargetQuantity.Value;
                p["limit_price"] = e.LimitPrice.Value;
                p["confidence"] = Tier(e.Tier);
                p["strategy"] = e.Strategy;
                p["model"] = e.Model;
                p["method"] = e.Method;
            });
        });
        row["last_update"] = row["updated_at"];
    }

    private async Task EntryPlanned(EntryOrderPlanned e)
    {
        var row = await PositionVersionAsync(e.Position, e.At);
        row["initial_order_id"] ??= e.ClientOrderId.ToString();
    }

    /// <summary>
    /// A fill is one trades row and a new version of its position: a buy averages into the entry price
    /// (kept to four places), a sell reduces the quantity and realizes (price − entry) × qty; every fee is
    /// charged to realized P&amp;L. PositionClosed and PositionSettled then carry the actor's own total.
    /// </summary>
    private async Task Fill(FillRecorded e)
    {
        var row = await PositionVersionAsync(e.Position, e.At);
        var held = row.Get<int>("quantity");
        var entry = row.Get<decimal>("entry_price");
        var q = e.Quantity.Value;
        if (e.Action == OrderAction.Buy)
        {
            row["entry_price"] = held == 0 ? e.Price.Value : Round4((entry * held + e.Price.Value * q) / (held + q));
            row["quantity"] = held + q;
            row["entry_time"] ??= Time(e.At);
            row["realized_pnl"] = new Money(row.Get<decimal>("realized_pnl") - e.Fee.Value).Value;
        }
        else
        {
            if (q > held)
                throw new InvalidOperationException($"position {e.Position} sells {q} but holds {held}");
            row["quantity"] = held - q;
            row["realized_pnl"] = Money.Round(row.Get<decimal>("realized_pnl") + (e.Price.Value - entry) * q - e.Fee.Value).Value;
        }
        row["fees"] = new Money(row.Get<decimal>("fees") + e.Fee.Value).Value;

        var trade = Tables.Trades.NewRow();
        trade["trade_external_id"] = e.TradeId;
        trade["market_uuid"] = row["market_uuid"];
        trade["market_id"] = row["market_id"];
        trade["platform_id"] = row["platform_id"];
        trade["position_uuid"] = e.Position.Value;
        trade["strategy_id"] = row["strategy_id"];
        trade["model_id"] = row["model_id"];
        trade["method_id"] = row["method_id"];
        trade["order_id"] = e.ExchangeOrderId;
        trade["client_order_id"] = e.ClientOrderId.Value;
        trade["side"] = e.Action == OrderAction.Buy ? "buy" : "sell";
        trade["price"] = e.Price.Value;
        trade["quantity"] = q;
        trade["fees"] = e.Fee.Value;
        trade["confidence_at_execution"] = JsonNode.Parse(row.Get<string>("position_metadata"))?["confidence"]?.GetValue<string>();
        trade["order_type"] = e.Action == OrderAction.Buy ? "limit" : await ExitOrderTypeAsync(e.ClientOrderId.Value);
        trade["execution_time"] = Time(e.At);
        trade["trade_metadata"] = MergeJson(null, m =>
        {
            m["held_side"] = row.Get<string>("side");
            m["is_taker"] = e.IsTaker;
        });
        trade["created_at"] = Time(e.At);
        Insert(Tables.Trades, trade);
    }

    /// <summary>The order type of the exit attempt a sell filled, from this batch or the database.</summary>
    private async Task<string?> ExitOrderTypeAsync(Guid clientOrderId)
    {
        if (_attemptsByOrder.TryGetValue(clientOrderId, out var pending))
            return pending.Get<string>("order_type");
        return await db.ScalarAsync(connection, tx,
            "SELECT order_type FROM exit_attempts WHERE client_order_id = @c ORDER BY attempt_id DESC LIMIT 1", ct,
            new Arg("c", ColumnKind.Uuid, clientOrderId)) as string;
    }

    private async Task Trailing(TrailingStopMoved e)
    {
        var row = await PositionVersionAsync(e.Position, e.At);
        row["trailing_stop_state"] = ToJson(e.State);
    }

    /// <summary>The exit in flight: its condition and priority on the position, the whole trigger in its metadata.</summary>
    private async Task Triggered(ExitTriggered e)
    {
        var row = await PositionVersionAsync(e.Position, e.At);
        row["exit_reason"] = e.Condition.ToWire();
        row["exit_priority"] = e.Priority.ToWire();
        row["last_check_time"] = Time(e.At);
        row["position_metadata"] = MergeJson(row["position_metadata"], m => m["last_exit_trigger"] = new JsonObject
        {
            ["condition"] = e.Condition.ToWire(),
            ["priority"] = e.Priority.ToWire(),
            ["quantity"] = e.Quantity.Value,
            ["stage"] = e.Stage,
            ["reason"] = e.Reason,
            ["conflicting_triggers"] = new JsonArray(e.ConflictingTriggers.Select(c => (JsonNode)JsonValue.Create(c.ToWire())).ToArray()),
        });
    }

    private async Task AttemptPlanned(ExitAttemptPlanned e)
    {
        var position = await CurrentAsync(Tables.Positions, e.Position.Value, e.Position.ToString())
                       ?? throw new InvalidOperationException($"position {e.Position} has no PositionOpened before this exit attempt");
        var condition = position["exit_reason"] as string
                        ?? throw new InvalidOperationException($"position {e.Position} plans exit attempt {e.AttemptNumber} with no exit triggered");
        var row = Tables.ExitAttempts.NewRow();
        row["position_uuid"] = e.Position.Value;
        row["exit_condition"] = condition;
        row["priority_level"] = e.Priority.ToWire();
        row["order_type"] = e.OrderType == ExitOrderType.Market ? "market" : "limit";
        row["limit_price"] = e.LimitPrice.Value;
        row["quantity"] = e.Quantity.Value;
        row["attempt_number"] = e.AttemptNumber;
        row["timeout_seconds"] = checked((int)Math.Ceiling(e.Timeout.TotalSeconds));
        row["client_order_id"] = e.ClientOrderId.Value;
        row["created_at"] = Time(e.At);
        Insert(Tables.ExitAttempts, row);
        _pendingAttempts[(e.Position.Value, e.AttemptNumber)] = row;
        _attemptsByOrder[e.ClientOrderId.Value] = row;
    }

    /// <summary>An attempt's outcome lands on the latest attempt of that number of the position: in this batch or an earlier one.</summary>
    private Task AttemptResolved(ExitAttemptResolved e)
    {
        var success = e.Outcome == ExitAttemptOutcome.Filled;
        if (_pendingAttempts.TryGetValue((e.Position.Value, e.AttemptNumber), out var row))
        {
            row["success"] = success;
            row["fill_price"] = e.FillPrice?.Value;
            row["order_id"] = e.ExchangeOrderId;
        }
        else
        {
            return Update("UPDATE exit_attempts SET success = @s, fill_price = @f, order_id = @o WHERE attempt_id = " +
                   "(SELECT MAX(attempt_id) FROM exit_attempts WHERE position_uuid = @p AND attempt_number = @n)",
                new Arg("s", ColumnKind.Bool, success), new Arg("f", ColumnKind.Decimal, e.FillPrice?.Value),
                new Arg("o", ColumnKind.Text, e.ExchangeOrderId), new Arg("p", ColumnKind.Uuid, e.Position.Value), new Arg("n", ColumnKind.Int, e.AttemptNumber));
        }
        return Task.CompletedTask;
    }

    /// <summary>The venue's order id lands on the exit attempt it belongs to (an entry order has no attempt row).</summary>
    private Task Acknowledged(OrderAcknowledged e)
    {
        if (_attemptsByOrder.TryGetValue(e.ClientOrderId.Value, out var row))
        {
            row["order_id"] = e.ExchangeOrderId;
            return Task.CompletedTask;
        }
        return Update("UPDATE exit_attempts SET order_id = @o WHERE client_order_id = @c",
            new Arg("o", ColumnKind.Text, e.ExchangeOrderId), new Arg("c", ColumnKind.Uuid, e.ClientOrderId.Value));
    }

    /// <summary>
    /// An exit that sold something is one position_exits row. One that sold nothing (preempted before any fill,
    /// or given up) writes no row. The position's exit in flight is cleared unless a preempting trigger already
    /// replaced it.
    /// </summary>
    private async Task ExitDone(ExitCompleted e)
    {
        var position = await PositionVersionAsync(e.Position, e.At);
        if (position["exit_reason"] as string == e.Condition.ToWire())
        {
            position["exit_reason"] = null;
            position["exit_priority"] = null;
        }
        if (e.QuantityExited.IsZero) return;
        var row = Tables.PositionExits.NewRow();
        row["position_uuid"] = e.Position.Value;
        row["exit_condition"] = e.Condition.ToWire();
        row["exit_priority"] = e.Priority.ToWire();
        row["quantity_exited"] = e.QuantityExited.Value;
        row["exit_price"] = e.AveragePrice.Value;
        row["unrealized_pnl_at_exit"] = e.RealizedPnl.Value;
        row["created_at"] = Time(e.At);
        _exits.Add((row, e.LastTradeId));
    }

    /// <summary>Exits go last: each points at the trades row of its last fill, which this batch may just have written.</summary>
    private async Task FlushExitsAsync()
    {
        foreach (var (row, tradeId) in _exits)
        {
            if (tradeId is not null)
            {
                row["exit_trade_id"] = await db.ScalarAsync(connection, tx, "SELECT trade_id FROM trades WHERE trade_external_id = @t", ct,
                    new Arg("t", ColumnKind.Text, tradeId)) is { } id
                    ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)
                    : null;
            }
        }
        await db.InsertAsync(connection, tx, Tables.PositionExits, Tagged(Tables.PositionExits, _exits.Select(e => e.Row).ToList()), ct);
    }

    private Task Closed(PositionClosed e) => EndedAsync(e.Position, "closed", e.ExitPrice, e.RealizedPnl, e.Reason, e.At);

    private Task PositionSettledAt(PositionSettled e) => EndedAsync(e.Position, "settled", e.SettlementPrice, e.RealizedPnl, "settlement", e.At);

    /// <summary>The position's last version: how it ended, at what price, with the actor's own realized P&amp;L.</summary>
    private async Task EndedAsync(PositionId position, string status, Price exitPrice, Money realized, string reason, DateTimeOffset at)
    {
        var row = await PositionVersionAsync(position, at);
        row["status"] = status;
        row["exit_price"] = exitPrice.Value;
        row["realized_pnl"] = realized.Value;
        row["exit_time"] = Time(at);
        row["exit_reason"] = reason.Length <= 50 ? reason : reason[..50]; // VARCHAR(50) in the schema
    }
}
