using Akka.Actor;
using Akka.Persistence;
using Precog.Domain.Strategies;
using Precog.Domain.Versions;

namespace Precog.Actors.Catalog;

/// <summary>The versions this node trades with: registered (once, ever) and made active.</summary>
public sealed record RegisterVersions(IReadOnlyList<StrategyDefinition> Strategies, IReadOnlyList<(string Label, string Type, string ConfigJson)> Models);

public sealed record VersionsRegistered(int New);

/// <summary>Asks for every registered version with its current status; the reply is a <see cref="VersionList"/>.</summary>
public sealed record GetVersions;

/// <summary>A version as the catalog knows it: identity, frozen config hash and current status.</summary>
public sealed record CatalogVersion(VersionKind Kind, string Name, string Version, string ComponentType, string ConfigHash, VersionStatus Status, DateTimeOffset Since);

public sealed record VersionList(IReadOnlyList<CatalogVersion> Versions);

/// <summary>An operator moves a version along its lifecycle (configs never change, only statuses).</summary>
public sealed record ChangeVersionStatus(VersionKind Kind, string Name, string Version, VersionStatus To);

/// <summary>Reply to <see cref="ChangeVersionStatus"/>: the version after the change (unchanged when it already had that status).</summary>
public sealed record VersionStatusRecorded(CatalogVersion Version);

/// <summary>Reply when a status change is refused: an unknown version, or a step its lifecycle does not allow.</summary>
public sealed record VersionChangeRefused(string Reason);

/// <summary>
/// Every registered strategy version's status, by label ("name version"): published whole by the catalog after its
/// recovery and after every change, so the risk manager can refuse entries by a version that is not active.
/// </summary>
public sealed record StrategyStatuses(IReadOnlyDictionary<string, VersionStatus> ByLabel)
{
    /// <summary>Whether a strategy may open new positions: a version the catalog does not know (yet) may; a known one only while active.</summary>
    public bool MayEnter(string label) => !ByLabel.TryGetValue(label, out var status) || status == VersionStatus.Active;
}

/// <summary>Asks the catalogs to tell <paramref name="ReplyTo"/> the current <see cref="StrategyStatuses"/>.</summary>
public sealed record ReportStrategyStatuses(IActorRef ReplyTo);

/// <summary>
/// The catalog of strategy and model versions (persistence id <c>version-catalog</c>): every version a trade
/// can be attributed to is registered here first, with its frozen config, so the projection can point every
/// edge, position and trade at its exact version. A version already registered is left as it is.
/// </summary>
public sealed class VersionCatalog : ReceivePersistentActor
{
    private readonly Dictionary<(VersionKind, string), CatalogVersion> _known = [];
    private readonly TimeProvider _time;

    private readonly IActorRef? _mediator;

    /// <param name="mediator">DistributedPubSub's mediator: where the strategy statuses are published; null publishes nothing (tests).</param>
    public VersionCatalog(TimeProvider time, IActorRef? mediator = null)
    {
        _time = time;
        _mediator = mediator;
        Recover<VersionRegistered>(Apply);
        Recover<VersionStatusChanged>(Apply);
        Recover<RecoveryCompleted>(_ => PublishStatuses());
        Command<ReportStrategyStatuses>(r => r.ReplyTo.Tell(Statuses()));
        Command<Akka.Cluster.Tools.PublishSubscribe.SubscribeAck>(_ => { });
        Command<RegisterVersions>(Register);
        Command<GetVersions>(_ => Sender.Tell(new VersionList(_known.Values.OrderBy(v => v.Kind).ThenBy(v => v.Name, StringComparer.Ordinal)
            .ThenBy(v => v.Version, StringComparer.Ordinal).ToList())));
        Command<ChangeVersionStatus>(Change);
    }

    private void Apply(VersionRegistered r) =>
        _known[(r.Kind, r.Label)] = new CatalogVersion(r.Kind, r.Name, r.Version, r.ComponentType, r.ConfigHash, r.Status, r.At);

    private void Apply(VersionStatusChanged c)
    {
        if (_known.TryGetValue((c.Kind, c.Label), out var v)) _known[(c.Kind, c.Label)] = v with { Status = c.To, Since = c.At };
    }

    private void Change(ChangeVersionStatus c)
    {
        var label = $"{c.Name} {c.Version}";
        if (!_known.TryGetValue((c.Kind, label), out var current))
        {
            Sender.Tell(new VersionChangeRefused($"{c.Kind.ToString().ToLowerInvariant()} {label} is not registered"));
            return;
        }
        if (current.Status == c.To)
        {
            Sender.Tell(new VersionStatusRecorded(current));
            return;
        }
        if (!VersionLifecycle.IsAllowed(c.Kind, current.Status, c.To))
        {
            Sender.Tell(new VersionChangeRefused($"{c.Kind.ToString().ToLowerInvariant()} {label} cannot go from {current.Status.ToWire()} to {c.To.ToWire()}"));
            return;
        }
        var replyTo = Sender;
        Persist(new VersionStatusChanged(c.Kind, current.Name, current.Version, current.Status, c.To, _time.GetUtcNow()), e =>
        {
            Apply(e);
            PublishStatuses();
            replyTo.Tell(new VersionStatusRecorded(_known[(c.Kind, label)]));
        });
    }

    public override string PersistenceId => "version-catalog";

    public static Props Props(TimeProvider time, IActorRef? mediator = null) => Akka.Actor.Props.Create(() => new VersionCatalog(time, mediator));

    protected override void PreStart()
    {
        _mediator?.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(Topics.StrategyStatusRequests, Self), Self);
        base.PreStart();
    }

    private StrategyStatuses Statuses() => new(_known.Values.Where(v => v.Kind == VersionKind.Strategy)
        .ToDictionary(v => $"{v.Name} {v.Version}", v => v.Status, StringComparer.Ordinal));

    private void PublishStatuses() => _mediator?.Tell(new Akka.Cluster.Tools.PublishSubscribe.Publish(Topics.StrategyStatuses, Statuses()), Self);

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
            if (e is VersionRegistered v) Apply(v);
            else if (e is VersionStatusChanged c) Apply(c);
            if (--left != 0) return;
            PublishStatuses();
            sender.Tell(new VersionsRegistered(events.OfType<VersionRegistered>().Count()));
        });
    }

    private bool Add(VersionKind kind, string label, string type, string json, VersionStatus status, List<object> events)
    {
        if (_known.ContainsKey((kind, label))) return false;
        var split = label.LastIndexOf(' ');
        var version = new ComponentVersion(kind, label[..split], VersionNumber.Parse(label[(split + 1)..]), type, FrozenConfig.Parse(json), status);
        events.Add(VersionRegistered.Of(version, _time.GetUtcNow()));
        return true;
    }
}
