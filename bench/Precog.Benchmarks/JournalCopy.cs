using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Npgsql;
using NpgsqlTypes;
using Precog.Domain;
using Precog.Persistence;
using Precog.Persistence.Journal;
using Precog.Persistence.Serialization;

namespace Precog.Benchmarks;

/// <summary>Fills a PostgreSQL journal quickly for scenarios that read one (the seeding is never measured).</summary>
public static class JournalCopy
{
    /// <summary>
    /// The stream <paramref name="firstId"/> through a real persistent actor (so the plugin creates its tables and
    /// writes a row the way it always does), then every other stream by binary COPY into the plugin's journal table
    /// in the same layout (Csv tag, Precog's serializer and manifest), interleaved four events at a time as
    /// concurrent actors would write them. Checks the journal holds exactly the events given.
    /// </summary>
    public static async Task SeedAsync(DatabaseTarget db, string firstId, IReadOnlyList<(string Id, IReadOnlyList<IPrecogEvent> Events)> streams)
    {
        var system = ActorSystem.Create("seed", ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(JournalConfig.For(db)));
        try
        {
            var probe = system.ActorOf(Props.Create(() => new Seeder(firstId)));
            await probe.Ask<long>(streams.First(s => s.Id == firstId).Events.ToList(), TimeSpan.FromSeconds(60));
        }
        finally
        {
            await system.Terminate();
        }

        var queues = streams.Where(s => s.Id != firstId).ToArray();
        var next = new int[queues.Length];
        var writer = Guid.NewGuid().ToString();
        await using var c = new NpgsqlConnection(db.ConnectionString);
        await c.OpenAsync();
        using (var copy = c.BeginBinaryImport(
            "COPY journal (deleted, persistence_id, sequence_number, created, tags, message, identifier, manifest, writer_uuid) FROM STDIN (FORMAT BINARY)"))
        {
            var created = DateTime.UtcNow.Ticks;
            for (var left = queues.Length; left > 0;)
            {
                left = 0;
                for (var q = 0; q < queues.Length; q++)
                {
                    var (id, events) = queues[q];
                    for (var i = 0; i < 4 && next[q] < events.Count; i++, next[q]++)
                    {
                        var e = events[next[q]];
                        copy.StartRow();
                        copy.Write(false, NpgsqlDbType.Boolean);
                        copy.Write(id, NpgsqlDbType.Varchar);
                        copy.Write((long)next[q] + 1, NpgsqlDbType.Bigint);
                        copy.Write(created++, NpgsqlDbType.Bigint);
                        copy.Write(";" + EventCatalog.TagOf(e.GetType()) + ";", NpgsqlDbType.Varchar);
                        copy.Write(PrecogSerializer.Write(e), NpgsqlDbType.Bytea);
                        copy.Write(PrecogSerializer.Id, NpgsqlDbType.Integer);
                        copy.Write(EventCatalog.ManifestOf(e.GetType()), NpgsqlDbType.Varchar);
                        copy.Write(writer, NpgsqlDbType.Varchar);
                    }
                    if (next[q] < events.Count) left++;
                }
            }
            copy.Complete();
        }
        var expected = streams.Sum(s => (long)s.Events.Count);
        var rows = await ScdWriterBench.CountAsync(db.ConnectionString, "SELECT COUNT(*) FROM journal");
        if (rows != expected)
            throw new InvalidOperationException($"the journal holds {rows} rows, expected {expected}");
    }

    /// <summary>Persists the events it is sent in one PersistAll and replies with its last sequence number.</summary>
    private sealed class Seeder : ReceivePersistentActor
    {
        public Seeder(string id)
        {
            PersistenceId = id;
            Command<List<IPrecogEvent>>(events =>
            {
                var sender = Sender;
                var left = events.Count;
                PersistAll(events, _ =>
                {
                    if (--left == 0) sender.Tell(LastSequenceNr);
                });
            });
        }

        public override string PersistenceId { get; }
    }
}
