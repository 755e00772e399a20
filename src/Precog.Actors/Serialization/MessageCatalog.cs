using Precog.Actors.Alerts;
using Precog.Actors.Breakers;
using Precog.Actors.Catalog;
using Precog.Actors.Feeds;
using Precog.Actors.Games;
using Precog.Actors.Gateway;
using Precog.Actors.Markets;
using Precog.Actors.Positions;
using Precog.Actors.Risk;
using Precog.Domain.Breakers;
using Precog.Exchanges;

namespace Precog.Actors.Serialization;

/// <summary>
/// Every command, reply and notice that may cross nodes (sharded entities, singletons, DistributedPubSub, an operator's
/// ask answered on another node), with a stable manifest ("kind.name.vN"), like <see cref="Persistence.Serialization.EventCatalog"/>
/// for events. Messages are never persisted, so a shape may change between releases; a rolling restart across such a
/// change needs a new manifest version, as events do. The data types carried polymorphically (market data events,
/// breaker signals) are listed too: a field of an abstract type is written with its value's manifest.
/// </summary>
public static class MessageCatalog
{
    private static readonly (string Manifest, Type Type)[] Entries =
    [
        // markets: commands by shard, quotes and notices by topic, candidates to the risk manager
        ("market.list.v1", typeof(ListMarket)),
        ("market.apply-data.v1", typeof(ApplyMarketData)),
        ("market.get.v1", typeof(GetMarket)),
        ("market.view.v1", typeof(MarketView)),
        ("market.entry-signal.v1", typeof(EntrySignal)),
        ("market.status-notice.v1", typeof(MarketStatusNotice)),
        ("market.settled-notice.v1", typeof(MarketSettledNotice)),
        ("market.follow.v1", typeof(FollowMarkets)),
        ("market.resync.v1", typeof(ResyncMarket)),
        // the venue's stream, inside ApplyMarketData
        ("data.book-snapshot.v1", typeof(BookSnapshot)),
        ("data.book-delta.v1", typeof(BookDelta)),
        ("data.lifecycle.v1", typeof(MarketLifecycle)),
        ("data.fill.v1", typeof(FillNotice)),
        ("data.trade.v1", typeof(TradePrint)),
        ("data.ticker.v1", typeof(TickerQuote)),
        ("data.order.v1", typeof(OrderNotice)),
        ("data.stalled.v1", typeof(StreamStalled)),
        ("data.resumed.v1", typeof(StreamResumed)),
        // games
        ("game.update.v1", typeof(UpdateGame)),
        ("game.get.v1", typeof(GetGame)),
        ("game.confirmed.v1", typeof(GameStateConfirmed)),
        // positions
        ("position.open.v1", typeof(OpenPosition)),
        ("position.quote.v1", typeof(QuoteUpdated)),
        ("position.inputs.v1", typeof(MarketInputsChanged)),
        ("position.settle.v1", typeof(SettleMarket)),
        ("position.get.v1", typeof(GetPosition)),
        ("position.get-snapshot.v1", typeof(GetPositionSnapshot)),
        ("position.snapshot.v1", typeof(PositionSnapshot)),
        ("position.record.v1", typeof(PositionRecord)),
        ("position.exit-gave-up.v1", typeof(ExitGaveUpNotice)),
        // the gateway and its reconciler
        ("gateway.place.v1", typeof(PlaceOrder)),
        ("gateway.cancel.v1", typeof(CancelOrder)),
        ("gateway.query.v1", typeof(QueryOrder)),
        ("gateway.report.v1", typeof(OrderReport)),
        ("gateway.not-found.v1", typeof(OrderNotFound)),
        ("gateway.rejected.v1", typeof(OrderRejected)),
        ("gateway.unknown.v1", typeof(OrderOutcomeUnknown)),
        ("gateway.api-failed.v1", typeof(ApiCallFailedNotice)),
        ("gateway.api-succeeded.v1", typeof(ApiCallSucceededNotice)),
        ("gateway.reconcile.v1", typeof(Reconcile)),
        ("gateway.reconciliation-result.v1", typeof(ReconciliationResult)),
        ("gateway.reconciliation-mismatch.v1", typeof(ReconciliationMismatch)),
        ("gateway.reconciliation-state.v1", typeof(ReconciliationState)),
        ("gateway.get-status.v1", typeof(GetGatewayStatus)),
        ("gateway.status.v1", typeof(GatewayStatus)),
        ("gateway.get-reconciliation-status.v1", typeof(GetReconciliationStatus)),
        ("gateway.reconciliation-status.v1", typeof(ReconciliationStatus)),
        // breakers
        ("breaker.signal.v1", typeof(SignalBreaker)),
        ("breaker.get-state.v1", typeof(GetBreakerState)),
        ("breaker.state.v1", typeof(BreakerState)),
        ("breaker.get-board.v1", typeof(GetBreakerBoard)),
        ("breaker.board.v1", typeof(BreakerBoard)),
        ("breaker.state-changed.v1", typeof(BreakerStateChanged)),
        ("breaker.report-state.v1", typeof(ReportBreakerState)),
        ("breaker.signal.daily-pnl.v1", typeof(DailyPnlObserved)),
        ("breaker.signal.trading-day.v1", typeof(TradingDayStarted)),
        ("breaker.signal.closed-position.v1", typeof(ClosedPositionObserved)),
        ("breaker.signal.api-failed.v1", typeof(ApiCallFailed)),
        ("breaker.signal.api-succeeded.v1", typeof(ApiCallSucceeded)),
        ("breaker.signal.feed-age.v1", typeof(FeedAgeObserved)),
        ("breaker.signal.open-positions.v1", typeof(OpenPositionsObserved)),
        ("breaker.signal.journal-failed.v1", typeof(JournalWriteFailed)),
        ("breaker.signal.journal-succeeded.v1", typeof(JournalWriteSucceeded)),
        ("breaker.signal.clock.v1", typeof(ClockTicked)),
        ("breaker.signal.manual-trip.v1", typeof(ManualTrip)),
        ("breaker.signal.manual-reset.v1", typeof(ManualReset)),
        // the risk manager
        ("risk.position-ended.v1", typeof(PositionEnded)),
        ("risk.position-marked.v1", typeof(PositionMarked)),
        ("risk.market-data-seen.v1", typeof(MarketDataSeen)),
        ("risk.entry-refused.v1", typeof(EntryRefused)),
        ("risk.get-ledger.v1", typeof(GetRiskLedger)),
        ("risk.ledger.v1", typeof(RiskLedger)),
        // the version catalog (a singleton on a cluster)
        ("catalog.register.v1", typeof(RegisterVersions)),
        ("catalog.registered.v1", typeof(VersionsRegistered)),
        ("catalog.get.v1", typeof(GetVersions)),
        ("catalog.list.v1", typeof(VersionList)),
        ("catalog.change-status.v1", typeof(ChangeVersionStatus)),
        ("catalog.status-recorded.v1", typeof(VersionStatusRecorded)),
        ("catalog.change-refused.v1", typeof(VersionChangeRefused)),
        ("catalog.strategy-statuses.v1", typeof(StrategyStatuses)),
        ("catalog.report-strategy-statuses.v1", typeof(ReportStrategyStatuses)),
        // alerts (raised by notices on any node, to the local router)
        ("alert.raise.v1", typeof(RaiseAlert)),
    ];

    private static readonly Dictionary<Type, string> ByType = Entries.ToDictionary(e => e.Type, e => e.Manifest);
    private static readonly Dictionary<string, Type> ByManifest = Entries.ToDictionary(e => e.Manifest, e => e.Type);

    public static IEnumerable<Type> Types => ByType.Keys;

    public static bool TryManifestOf(Type type, out string manifest) => ByType.TryGetValue(type, out manifest!);

    public static bool TryResolve(string manifest, out Type type) => ByManifest.TryGetValue(manifest, out type!);

    /// <summary>
    /// The serializer and one binding per message type (Akka picks the most specific binding, so these win over the
    /// tripwire on System.Object), plus the tripwire: anything else that would leave the process fails loudly.
    /// </summary>
    public static string Hocon()
    {
        var bindings = string.Join("\n", Types.Select(t => $"    \"{t.FullName}, {t.Assembly.GetName().Name}\" = precog-messages"));
        return $$"""
            akka.actor {
              serializers {
                precog-messages = "{{typeof(MessageSerializer).FullName}}, {{typeof(MessageSerializer).Assembly.GetName().Name}}"
                precog-tripwire = "{{typeof(TripwireSerializer).FullName}}, {{typeof(TripwireSerializer).Assembly.GetName().Name}}"
              }
              serialization-bindings {
            {{bindings}}
                "System.Object" = precog-tripwire
              }
              serialization-identifiers {
                "{{typeof(MessageSerializer).FullName}}, {{typeof(MessageSerializer).Assembly.GetName().Name}}" = {{MessageSerializer.Id}}
                "{{typeof(TripwireSerializer).FullName}}, {{typeof(TripwireSerializer).Assembly.GetName().Name}}" = {{TripwireSerializer.Id}}
              }
            }
            """;
    }
}
