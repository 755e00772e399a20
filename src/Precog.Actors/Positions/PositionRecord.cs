using System.Collections.Immutable;
using Precog.Domain;
using Precog.Domain.Exits;
using Precog.Domain.Positions;
using Precog.Domain.Values;

namespace Precog.Actors.Positions;

/// <summary>The entry order: what it buys, its venue id once acknowledged, what it filled, and whether it is over.</summary>
public sealed record EntryOrder(ClientOrderId ClientOrderId, Quantity Quantity, Price Limit, DateTimeOffset PlannedAt, string? OrderId, Quantity Filled, bool Done);

public enum PositionStatus { Opening, Open, Closed, Settled }

/// <summary>
/// A position's whole state, built only from its persisted events (<see cref="Apply"/>): recovery and command
/// handling share this one path, and it is tested without Akka. The exit machine and the exit rules' view
/// (entry, quantities, executed stages, trailing stop) live inside it.
/// </summary>
public sealed record PositionRecord(
    PositionOpened? Opened, EntryOrder? Entry, ExitMachine? Exits, PositionState? Rules, PositionStatus Status, Money Realized, Money Fees,
    ImmutableHashSet<string> Trades, ExitCompleted? LastExit, IPrecogEvent? Ended)
{
    public static readonly PositionRecord Empty = new(null, null, null, null, PositionStatus.Opening, Money.Zero, Money.Zero, [], null, null);

    public Quantity Held => Exits?.Held ?? Quantity.Zero;

    /// <summary>The client order id of every order the position has planned (its entry and every exit attempt): the fills at the venue it must have recorded.</summary>
    public ImmutableHashSet<ClientOrderId> Orders { get; init; } = [];

    public bool IsOpen => Status is PositionStatus.Opening or PositionStatus.Open;

    public PositionRecord Apply(IPrecogEvent e)
    {
        var next = e switch
        {
            PositionOpened o => this with
            {
                Opened = o,
                Exits = ExitMachine.For(o.Position, o.Side, o.LimitPrice, Quantity.Zero),
                Rules = PositionState.Open(o.Side, o.LimitPrice, Quantity.Zero, o.Tier, o.TrailingStop),
            },
            EntryOrderPlanned p => this with
            {
                Entry = new EntryOrder(p.ClientOrderId, p.Quantity, p.LimitPrice, p.At, null, Quantity.Zero, false), Orders = Orders.Add(p.ClientOrderId),
            },
            ExitAttemptPlanned p => this with { Orders = Orders.Add(p.ClientOrderId) },
            OrderAcknowledged a when Entry is { } entry && entry.ClientOrderId == a.ClientOrderId => this with { Entry = entry with { OrderId = a.ExchangeOrderId } },
            FillRecorded f => Fill(f),
            EntryCompleted c => this with
            {
                Entry = Entry! with { Done = true },
                Status = c.Filled.IsZero ? Status : PositionStatus.Open,
                Rules = Rules! with { View = Rules.View with { OriginalQuantity = c.Filled, RemainingQuantity = Held } },
            },
            TrailingStopMoved t => this with { Rules = Rules! with { Trailing = t.State } },
            ExitCompleted x => this with
            {
                LastExit = x.QuantityExited.IsZero ? LastExit : x,
                Realized = Money.Round(Realized.Value + x.RealizedPnl.Value),
                Rules = Exits?.Active?.Trigger.Stage is { } stage && !x.QuantityExited.IsZero
                    ? Rules! with { View = Rules.View with { ExecutedStages = Rules.View.ExecutedStages.Add(stage) } }
                    : Rules,
            },
            PositionClosed c => this with { Status = PositionStatus.Closed, Realized = c.RealizedPnl, Ended = c },
            PositionSettled s => this with { Status = PositionStatus.Settled, Realized = s.RealizedPnl, Ended = s },
            _ => this,
        };
        return next.Exits is null ? next : next with { Exits = next.Exits.Apply(e) };
    }

    /// <summary>A buy averages into the entry the rules measure from; a sell reduces what they see as held.</summary>
    private PositionRecord Fill(FillRecorded f)
    {
        var fees = Money.Round(Fees.Value + f.Fee.Value);
        if (f.Action == OrderAction.Buy)
        {
            var held = Held;
            var entry = held.IsZero ? f.Price : Price.Round((Rules!.View.Entry.Value * held.Value + f.Price.Value * f.Quantity.Value) / (held.Value + f.Quantity.Value));
            return this with
            {
                Fees = fees, Realized = Money.Round(Realized.Value - f.Fee.Value), Trades = Trades.Add(f.TradeId),
                Entry = Entry is { } e && e.ClientOrderId == f.ClientOrderId ? e with { Filled = e.Filled + f.Quantity } : Entry,
                Rules = Rules! with { View = Rules.View with { Entry = entry, OriginalQuantity = held + f.Quantity, RemainingQuantity = held + f.Quantity } },
            };
        }
        var remaining = Rules!.View.RemainingQuantity - Quantity.Min(f.Quantity, Rules.View.RemainingQuantity);
        // a sell outside the exit in flight (a late fill of an exit already ended) is realized here; the exit's own come with ExitCompleted
        var outside = Exits?.Active is not { } active || !active.Orders.Contains(f.ClientOrderId);
        return this with
        {
            Fees = fees, Trades = Trades.Add(f.TradeId),
            Realized = outside ? Money.Round(Realized.Value + (f.Price.Value - Rules.View.Entry.Value) * f.Quantity.Value - f.Fee.Value) : Realized,
            Rules = Rules with { View = Rules.View with { RemainingQuantity = remaining } },
        };
    }
}
