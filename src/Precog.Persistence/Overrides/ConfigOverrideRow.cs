namespace Precog.Persistence.Overrides;

/// <summary>
/// One active row of <c>config_overrides</c> as stored: the value still as JSON text, the timestamps in UTC.
/// <see cref="ConfigOverlay"/> decides whether it is well-formed.
/// </summary>
public sealed record ConfigOverrideRow(
    long OverrideId,
    string ConfigKey,
    string OverrideValue,
    string? DataType,
    DateTimeOffset? AppliedAt,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>How errors name the row: "config_overrides row 17 (precog.trading.entry.min-edge)".</summary>
    public override string ToString() => $"config_overrides row {OverrideId} ({ConfigKey})";
}

/// <summary>
/// Overrides that cannot be applied, or could not be read. <see cref="OverrideIds"/> names the rows at fault
/// (empty when the table itself could not be read); the message names them too, with their keys.
/// </summary>
public sealed class ConfigOverrideException(string message, IReadOnlyList<long> overrideIds, Exception? inner = null)
    : Exception(message, inner)
{
    public IReadOnlyList<long> OverrideIds { get; } = overrideIds;
}
