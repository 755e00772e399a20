namespace Precog.Domain.Versions;

/// <summary>The three kinds of immutable versions.</summary>
public enum VersionKind { Strategy, Model, Method }

/// <summary>Every lifecycle status a version of some kind may have.</summary>
public enum VersionStatus { Draft, Testing, Training, Validating, Active, Inactive, Deprecated }

/// <summary>A status change its lifecycle does not allow; names the version and both statuses.</summary>
public sealed class VersionTransitionException(string message) : InvalidOperationException(message);

/// <summary>
/// The allowed status changes per kind, from the schema document's lifecycles. Decisions: a version may
/// go back one step while it has not been active (testing → draft, validating → training) to be reworked;
/// an active strategy may pause (inactive) and resume; any status may go to deprecated; nothing ever
/// leaves deprecated (a deprecated version's trades stay attributed to it, and a fix is a new version).
/// </summary>
public static class VersionLifecycle
{
    private static readonly IReadOnlyDictionary<VersionKind, IReadOnlySet<(VersionStatus, VersionStatus)>> Allowed =
        new Dictionary<VersionKind, IReadOnlySet<(VersionStatus, VersionStatus)>>
        {
            [VersionKind.Strategy] = WithDeprecation(
                [VersionStatus.Draft, VersionStatus.Testing, VersionStatus.Active, VersionStatus.Inactive],
                (VersionStatus.Draft, VersionStatus.Testing), (VersionStatus.Testing, VersionStatus.Draft), (VersionStatus.Testing, VersionStatus.Active),
                (VersionStatus.Active, VersionStatus.Inactive), (VersionStatus.Inactive, VersionStatus.Active)),
            [VersionKind.Model] = WithDeprecation(
                [VersionStatus.Draft, VersionStatus.Training, VersionStatus.Validating, VersionStatus.Active],
                (VersionStatus.Draft, VersionStatus.Training), (VersionStatus.Training, VersionStatus.Validating),
                (VersionStatus.Validating, VersionStatus.Training), (VersionStatus.Validating, VersionStatus.Active)),
            [VersionKind.Method] = WithDeprecation(
                [VersionStatus.Draft, VersionStatus.Testing, VersionStatus.Active],
                (VersionStatus.Draft, VersionStatus.Testing), (VersionStatus.Testing, VersionStatus.Draft), (VersionStatus.Testing, VersionStatus.Active)),
        };

    public static bool IsAllowed(VersionKind kind, VersionStatus from, VersionStatus to) => Allowed[kind].Contains((from, to));

    /// <summary>The statuses a version of this kind can be in.</summary>
    public static IReadOnlySet<VersionStatus> Statuses(VersionKind kind) =>
        Allowed[kind].SelectMany(t => new[] { t.Item1, t.Item2 }).ToHashSet();

    private static IReadOnlySet<(VersionStatus, VersionStatus)> WithDeprecation(VersionStatus[] live, params (VersionStatus, VersionStatus)[] steps) =>
        steps.Concat(live.Select(s => (s, VersionStatus.Deprecated))).ToHashSet();

    public static string ToWire(this VersionStatus status) => status.ToString().ToLowerInvariant();
}
