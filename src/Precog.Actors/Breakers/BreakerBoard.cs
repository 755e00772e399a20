using System.Collections.Immutable;
using Precog.Domain.Breakers;

namespace Precog.Actors.Breakers;

/// <summary>Whether an entry may open, and if not, the breakers that block it.</summary>
public sealed record EntryAdmission(IReadOnlyList<BreakerId> BlockedBy)
{
    public bool Allowed => BlockedBy.Count == 0;
}

/// <summary>
/// The local read view of every breaker's last published status, for entry admission to read without asking.
/// Immutable: the holder swaps it on each change. Which breakers block which entries is the Domain's
/// <see cref="BreakerAdmission"/> (global ones always, api_failures per exchange, data_stale per feed).
/// </summary>
public sealed record BreakerBoard(ImmutableDictionary<BreakerId, BreakerState> Breakers)
{
    public static readonly BreakerBoard Empty = new(ImmutableDictionary<BreakerId, BreakerState>.Empty);

    /// <summary>Takes a published change; an older one than the board holds for that breaker (reordered delivery) is ignored.</summary>
    public BreakerBoard Apply(BreakerStateChanged c) =>
        Breakers.TryGetValue(c.Id, out var held) && held.Since > c.At
            ? this
            : this with { Breakers = Breakers.SetItem(c.Id, new BreakerState(c.Id, c.Status, c.At, c.Reason, BreakerMemory.Empty)) };

    public EntryAdmission Entry(EntryScope scope) => new(BreakerAdmission.Blocking(Breakers.Values, scope));

    /// <summary>True while daily_loss_limit is tripped: every position exits at CRITICAL.</summary>
    public bool ExitAll => BreakerAdmission.ForcesCriticalExit(Breakers.Values);

    /// <summary>True while nothing new may be sent (persistence failing, kill switch).</summary>
    public bool StopsNewOrders => BreakerAdmission.StopsNewOrders(Breakers.Values);
}
