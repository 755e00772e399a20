using Precog.Domain;
using Precog.Domain.Accounts;
using Precog.Domain.Alerts;
using Precog.Domain.Breakers;
using Precog.Domain.Games;
using Precog.Domain.Markets;
using Precog.Domain.Orders;
using Precog.Domain.Positions;
using Precog.Domain.Risk;
using Precog.Domain.Versions;

namespace Precog.Persistence.Serialization;

/// <summary>
/// Every persisted event and cross-node message with its stable manifest ("kind.name.vN"). Manifests
/// never change and never name CLR types, so a renamed or moved class still reads old journals. A new
/// shape of an event is a new manifest version; the old one stays here with an upgrade to the new.
/// </summary>
public static class EventCatalog
{
    /// <summary>An old manifest that is read by rewriting its JSON into the current shape.</summary>
    public sealed record Legacy(string Manifest, string CurrentManifest, Func<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject> Upgrade);

    private static readonly (string Manifest, Type Type, string Tag)[] Current =
    [
        ("market.listed.v1", typeof(MarketListed), Tags.Market),
        ("market.quote-changed.v1", typeof(QuoteChanged), Tags.Market),
        ("market.status-changed.v1", typeof(MarketStatusChanged), Tags.Market),
        ("market.settled.v1", typeof(MarketSettled), Tags.Market),
        ("market.linked-to-game.v1", typeof(MarketLinkedToGame), Tags.Market),
        ("market.edges-updated.v1", typeof(EdgesUpdated), Tags.Market),
        ("game.state-changed.v1", typeof(GameStateChanged), Tags.Game),
        ("position.opened.v1", typeof(PositionOpened), Tags.Position),
        ("position.entry-order-planned.v1", typeof(EntryOrderPlanned), Tags.Position),
        ("position.fill-recorded.v1", typeof(FillRecorded), Tags.Position),
        ("position.trailing-stop-moved.v1", typeof(TrailingStopMoved), Tags.Position),
        ("position.exit-triggered.v1", typeof(ExitTriggered), Tags.Position),
        ("position.exit-attempt-planned.v1", typeof(ExitAttemptPlanned), Tags.Position),
        ("position.exit-attempt-resolved.v1", typeof(ExitAttemptResolved), Tags.Position),
        ("position.closed.v1", typeof(PositionClosed), Tags.Position),
        ("position.settled.v1", typeof(PositionSettled), Tags.Position),
        ("position.exit-completed.v1", typeof(ExitCompleted), Tags.Position),
        ("position.order-acknowledged.v1", typeof(OrderAcknowledged), Tags.Position),
        ("position.exit-cancel-requested.v1", typeof(ExitCancelRequested), Tags.Position),
        ("position.exit-outcome-unknown.v1", typeof(ExitOutcomeUnknown), Tags.Position),
        ("position.entry-completed.v1", typeof(EntryCompleted), Tags.Position),
        ("breaker.transitioned.v1", typeof(BreakerTransitioned), Tags.Breaker),
        ("breaker.memory-changed.v1", typeof(BreakerMemoryChanged), Tags.Breaker),
        ("account.balance-changed.v1", typeof(BalanceChanged), Tags.Account),
        ("alert.raised.v1", typeof(AlertRaised), Tags.Alert),
        ("alert.acknowledged.v1", typeof(AlertAcknowledged), Tags.Alert),
        ("alert.resolved.v1", typeof(AlertResolved), Tags.Alert),
        ("risk.entry-admitted.v1", typeof(EntryAdmitted), Tags.Risk),
        ("risk.exposure-released.v1", typeof(ExposureReleased), Tags.Risk),
        ("gateway.order-routed.v1", typeof(OrderRouted), Tags.Gateway),
        ("gateway.order-route-closed.v1", typeof(OrderRouteClosed), Tags.Gateway),
        ("version.registered.v1", typeof(VersionRegistered), Tags.Version),
        ("version.status-changed.v1", typeof(VersionStatusChanged), Tags.Version),
    ];

    /// <summary>Manifests of earlier versions, each with its upgrade. Empty until an event changes shape.</summary>
    private static readonly Legacy[] Legacies = [];

    private static readonly Dictionary<string, Type> TypeByManifest = Current.ToDictionary(e => e.Manifest, e => e.Type);
    private static readonly Dictionary<Type, (string Manifest, string Tag)> ByType = Current.ToDictionary(e => e.Type, e => (e.Manifest, e.Tag));
    private static readonly Dictionary<string, Legacy> LegacyByManifest = Legacies.ToDictionary(l => l.Manifest);

    public static IEnumerable<string> Manifests => TypeByManifest.Keys;
    public static IEnumerable<Type> Types => ByType.Keys;

    public static string ManifestOf(Type type) =>
        ByType.TryGetValue(type, out var e) ? e.Manifest
        : throw new ArgumentException($"{type.FullName} has no manifest in the event catalog: add it before persisting or sending it", nameof(type));

    /// <summary>The journal tag of an event: its entity kind.</summary>
    public static string TagOf(Type type) =>
        ByType.TryGetValue(type, out var e) ? e.Tag
        : throw new ArgumentException($"{type.FullName} has no tag in the event catalog", nameof(type));

    public static bool TryResolve(string manifest, out Type type, out Legacy? legacy)
    {
        legacy = null;
        if (TypeByManifest.TryGetValue(manifest, out type!)) return true;
        if (LegacyByManifest.TryGetValue(manifest, out legacy))
        {
            type = TypeByManifest[legacy.CurrentManifest];
            return true;
        }
        return false;
    }

    /// <summary>The journal tags: one per entity kind, read back in order by the SCD writer.</summary>
    public static class Tags
    {
        public const string Market = "market";
        public const string Game = "game";
        public const string Position = "position";
        public const string Breaker = "breaker";
        public const string Account = "account";
        public const string Alert = "alert";
        public const string Version = "version";
        public const string Risk = "risk";
        public const string Gateway = "gateway";

        public static readonly IReadOnlyList<string> All = [Market, Game, Position, Breaker, Account, Alert, Version, Risk, Gateway];
    }
}
