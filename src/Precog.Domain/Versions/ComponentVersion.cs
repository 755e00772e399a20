using System.Collections.Immutable;

namespace Precog.Domain.Versions;

/// <summary>
/// One immutable version of a strategy, probability model or method: its name, number, type and
/// config never change; its status (within its lifecycle) and metrics do, each change giving a new
/// instance. A class, not a record, so no `with` can produce a "same version" with another config.
/// </summary>
public sealed class ComponentVersion
{
    public ComponentVersion(VersionKind kind, string name, VersionNumber version, string componentType, FrozenConfig config,
        VersionStatus status = VersionStatus.Draft, ImmutableSortedDictionary<string, decimal>? metrics = null)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("a version needs a name", nameof(name));
        if (!VersionLifecycle.Statuses(kind).Contains(status))
            throw new VersionTransitionException($"{kind.ToString().ToLowerInvariant()} {name} {version} cannot be {status.ToWire()}");
        Kind = kind;
        Name = name;
        Version = version;
        ComponentType = componentType;
        Config = config;
        Status = status;
        Metrics = metrics ?? ImmutableSortedDictionary<string, decimal>.Empty;
    }

    public VersionKind Kind { get; }
    public string Name { get; }
    public VersionNumber Version { get; }
    public string ComponentType { get; }
    public FrozenConfig Config { get; }
    public VersionStatus Status { get; }
    public ImmutableSortedDictionary<string, decimal> Metrics { get; }

    /// <summary>"name vX.Y", the way trades are attributed.</summary>
    public string Label => $"{Name} {Version}";

    public ComponentVersion WithStatus(VersionStatus next) =>
        VersionLifecycle.IsAllowed(Kind, Status, next)
            ? new ComponentVersion(Kind, Name, Version, ComponentType, Config, next, Metrics)
            : throw new VersionTransitionException(
                $"{Kind.ToString().ToLowerInvariant()} {Label} cannot go from {Status.ToWire()} to {next.ToWire()}");

    public ComponentVersion WithMetric(string name, decimal value) =>
        new(Kind, Name, Version, ComponentType, Config, Status, Metrics.SetItem(name, value));

    /// <summary>The next version with a new config: configs are never edited in place.</summary>
    public ComponentVersion Successor(VersionNumber version, FrozenConfig config) =>
        version.CompareTo(Version) > 0
            ? new ComponentVersion(Kind, Name, version, ComponentType, config)
            : throw new ArgumentException($"{Label}: a successor's version must be above {Version}, not {version}", nameof(version));
}
