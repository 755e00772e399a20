namespace Precog.Domain.Versions;

/// <summary>
/// A strategy, model or method version came into being: its frozen config (canonical JSON) and hash never
/// change afterwards. A method names the strategy and model versions it combines ("name vX.Y").
/// </summary>
public sealed record VersionRegistered(
    VersionKind Kind, string Name, string Version, string ComponentType, string ConfigJson, string ConfigHash, VersionStatus Status,
    string? Strategy, string? Model, DateTimeOffset At) : IPrecogEvent
{
    /// <summary>The event that records <paramref name="version"/> (for a method, with the versions it combines).</summary>
    public static VersionRegistered Of(ComponentVersion version, DateTimeOffset at, string? strategy = null, string? model = null) =>
        new(version.Kind, version.Name, version.Version.ToString(), version.ComponentType, version.Config.Json, version.Config.Hash, version.Status,
            strategy, model, at);

    /// <summary>"name vX.Y", the label edges, positions and trades are attributed by.</summary>
    public string Label => $"{Name} {Version}";
}

/// <summary>A version's status changed within its lifecycle (configs never change).</summary>
public sealed record VersionStatusChanged(VersionKind Kind, string Name, string Version, VersionStatus From, VersionStatus To, DateTimeOffset At) : IPrecogEvent
{
    public string Label => $"{Name} {Version}";
}
