using System.Collections.Immutable;

namespace Precog.Domain.Alerts;

/// <summary>Alert settings of §6.</summary>
/// <param name="SuppressionWindow">A repeat of a fingerprint sent less than this ago is suppressed (300 s).</param>
public sealed record AlertSettings(TimeSpan SuppressionWindow)
{
    public static readonly AlertSettings Default = new(TimeSpan.FromSeconds(300));
}

/// <summary>
/// Suppression of repeats (§6): an alert whose fingerprint was SENT less than the window ago (300 s) is
/// stored with suppressed = true and not sent. The window counts from the last alert actually sent, not
/// from the last occurrence, so a problem that keeps recurring is re-sent every window as a reminder
/// instead of being silenced for as long as it lasts.
/// </summary>
public sealed record AlertSuppressor(TimeSpan Window, ImmutableDictionary<string, DateTimeOffset> LastSent)
{
    public static AlertSuppressor Create(TimeSpan? window = null) => new(window ?? TimeSpan.FromSeconds(300), ImmutableDictionary<string, DateTimeOffset>.Empty);

    /// <summary>Decides one occurrence: whether it is suppressed, and the suppressor after it.</summary>
    public (bool Suppressed, AlertSuppressor Next) Offer(string fingerprint, DateTimeOffset at)
    {
        if (LastSent.TryGetValue(fingerprint, out var last) && at - last < Window)
            return (true, this);
        return (false, this with { LastSent = LastSent.SetItem(fingerprint, at) });
    }

    /// <summary>Forgets fingerprints whose window has passed, so the memory does not grow without bound.</summary>
    public AlertSuppressor Prune(DateTimeOffset now) =>
        this with { LastSent = LastSent.Where(kv => now - kv.Value < Window).ToImmutableDictionary() };
}
