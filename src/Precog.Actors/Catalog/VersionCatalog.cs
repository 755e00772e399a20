using Akka.Actor;
using Akka.Persistence;
using Precog.Domain.Strategies;
using Precog.Domain.Versions;

namespace Precog.Actors.Catalog;

/// <summary>The versions this node trades with: registered (once, ever) and made active.</summary>
public sealed record RegisterVersions(IReadOnlyList<StrategyDefinition> Strategies, IReadOnlyList<(string Label, string Type, string ConfigJson)> Models);

public sealed record VersionsRegistered(int New);

/// <summary>
/// The catalog of strategy and model versions (persistence id <c>version-catalog</c>): every version a trade
/// can be attributed to is registered here first, with its frozen config, so the projection can point every
/// edge, position and trade at its exact version. A version already registered is left as it is.
/// </summary>
public sealed class VersionCatalog : ReceivePersistentActor
{
    private readonly HashSet<(VersionKind, string)> _known = [];
    private readonly TimeProvider _time;

    public VersionCatalog(TimeProvider time)
    {
        _time = time;
        Recover<VersionRegistered>(r => _known.Add((r.Kind, r.Label)));
        Command<RegisterVersions>(Register);
    }

    public override string PersistenceId => "version-catalog";

    public static Props Props(TimeProvider time) => Akka.Actor.Props.Create(() => new VersionCatalog(time));

    private void Register(RegisterVersions r)
    {
        var events = new List<object>();
        foreach (var (label, type, json) in r.Models)
            Add(VersionKind.Model, label, type, json, VersionStatus.Active, events);
        foreach (var s in r.Strategies)
        {
            var config = $"{{\"min_edge\":{s.MinEdge.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"model\":\"{s.Model}\"}}";
            if (Add(VersionKind.Strategy, s.Label, "entry", config, VersionStatus.Testing, events))
                events.Add(new VersionStatusChanged(VersionKind.Strategy, s.Name, s.Version, VersionStatus.Testing, VersionStatus.Active, _time.GetUtcNow()));
        }
        var sender = Sender;
        if (events.Count == 0)
        {
            sender.Tell(new VersionsRegistered(0));
            return;
        }
        var left = events.Count;
        PersistAll(events, e =>
        {
            if (e is VersionRegistered v) _known.Add((v.Kind, v.Label));
            if (--left == 0) sender.Tell(new VersionsRegistered(events.OfType<VersionRegistered>().Count()));
        });
    }

    private bool Add(VersionKind kind, string label, string type, string json, VersionStatus status, List<object> events)
    {
        if (_known.Contains((kind, label))) return false;
        var split = label.LastIndexOf(' ');
        var version = new ComponentVersion(kind, label[..split], VersionNumber.Parse(label[(split + 1)..]), type, FrozenConfig.Parse(json), status);
        events.Add(VersionRegistered.Of(version, _time.GetUtcNow()));
        return true;
    }
}
