using Akka.Persistence.Journal;

namespace Precog.Persistence.Serialization;

/// <summary>
/// Tags every persisted event with its entity kind (market, game, position, breaker, account, alert), so
/// actors never tag by hand and the SCD writer can read each kind in order.
/// </summary>
public sealed class EntityKindTagger : IWriteEventAdapter
{
    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is Tagged ? evt : new Tagged(evt, [EventCatalog.TagOf(evt.GetType())]);
}
