using System.Data.Common;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Precog.Domain;
using Precog.Persistence.Journal;
using Precog.Persistence.Serialization;
using Precog.Persistence.Tests.Serialization;

namespace Precog.Persistence.Tests.Journal;

/// <summary>The same journal checks on every database: persist, restart, recover, read by tag, inspect the rows.</summary>
public abstract class JournalRoundTrip
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected abstract DatabaseTarget Target { get; }

    protected abstract DbConnection Open();

    private ActorSystem StartSystem() =>
        ActorSystem.Create("journal-test", ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(JournalConfig.For(Target)));

    [Fact]
    public async Task Events_survive_a_restart_and_read_back_through_our_serializer_in_order_by_tag()
    {
        var id = $"probe-{Guid.NewGuid():N}";

        // given events persisted by one actor system that then stops
        var first = StartSystem();
        var persisted = await first.ActorOf(JournalProbe.Props(id)).Ask<JournalProbe.Persisted>(new JournalProbe.PersistEvents(SampleEvents.All), Patience);
        await first.Terminate().WaitAsync(Patience);
        Assert.Equal(SampleEvents.All.Count, persisted.LastSequenceNr);

        // when a new actor system recovers the same persistence id
        var second = StartSystem();
        try
        {
            var recovered = await second.ActorOf(JournalProbe.Props(id)).Ask<List<IPrecogEvent>>(new JournalProbe.GetRecovered(), Patience);

            // then every event comes back equal, in order
            Assert.Equal(SampleEvents.All.Select(Json), recovered.Select(Json));

            // and the position tag reads back exactly the position events, in sequence order
            var journal = PersistenceQuery.Get(second).ReadJournalFor<SqlReadJournal>("akka.persistence.query.journal.sql");
            var tagged = await journal.CurrentEventsByTag(EventCatalog.Tags.Position, Offset.NoOffset())
                .Where(e => e.PersistenceId == id)
                .RunWith(Sink.Seq<EventEnvelope>(), second.Materializer()).WaitAsync(Patience);
            var expected = SampleEvents.All.Where(e => EventCatalog.TagOf(e.GetType()) == EventCatalog.Tags.Position).Select(Json);
            Assert.Equal(expected, tagged.Select(e => Json((IPrecogEvent)e.Event)));
            Assert.Equal(tagged.Select(e => e.SequenceNr).Order(), tagged.Select(e => e.SequenceNr));
        }
        finally
        {
            await second.Terminate().WaitAsync(Patience);
        }

        // and the rows carry our manifests and serializer, never CLR type names
        var rows = ReadRows(id);
        Assert.Equal(SampleEvents.All.Select(e => EventCatalog.ManifestOf(e.GetType())), rows.Select(r => r.Manifest));
        Assert.All(rows, r => Assert.Equal(PrecogSerializer.Id, r.SerializerId));
        Assert.All(rows, r => Assert.DoesNotContain("Precog.", r.Payload));
        Assert.Equal(SampleEvents.All.Select(e => EventCatalog.TagOf(e.GetType())), rows.Select(r => r.Tags.Trim(';')));
    }

    private sealed record Row(string Manifest, int SerializerId, string Tags, string Payload);

    private List<Row> ReadRows(string persistenceId)
    {
        using var connection = Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT manifest, identifier, tags, message FROM journal WHERE persistence_id = @id ORDER BY sequence_number";
        var p = cmd.CreateParameter();
        p.ParameterName = "id";
        p.Value = persistenceId;
        cmd.Parameters.Add(p);
        using var reader = cmd.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
            rows.Add(new Row(reader.GetString(0), Convert.ToInt32(reader.GetValue(1)), reader.GetString(2), Encoding.UTF8.GetString((byte[])reader.GetValue(3))));
        return rows;
    }

    private static string Json(IPrecogEvent e) => Encoding.UTF8.GetString(PrecogSerializer.Write(e));
}
