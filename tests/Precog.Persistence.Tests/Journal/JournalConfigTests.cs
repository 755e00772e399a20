using Precog.Persistence.Journal;

namespace Precog.Persistence.Tests.Journal;

/// <summary>
/// How a node comes back after its database was away (hocon/persistence.recovery.conf): the same under both providers,
/// and not Akka's defaults (30 s and 60 s breaker resets, 30 s recovery timeout, 10 s backoffs), which kept a node down up
/// to a minute after its database returned (docs/DECISIONS.md, "Reliability, second slice").
/// </summary>
public sealed class JournalConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-journal-config-").FullName;

    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Both_providers_retry_soon_after_an_outage(string provider)
    {
        var target = provider == "sqlite"
            ? DatabaseTarget.Sqlite(Path.Combine(_dir, "precog.db"))
            : DatabaseTarget.Parse("Host=127.0.0.1;Port=5432;Username=precog;Password=precog;Database=precog");
        var config = JournalConfig.For(target);

        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.persistence.journal.sql.circuit-breaker.reset-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.persistence.snapshot-store.sql.circuit-breaker.reset-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(10), config.GetTimeSpan("akka.persistence.journal.sql.recovery-event-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.cluster.sharding.entity-restart-backoff"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.cluster.sharding.shard-failure-backoff"));
        // the provider's own settings are still there
        Assert.Equal(provider == "sqlite" ? "SQLite.MS" : "PostgreSQL.15", config.GetString("akka.persistence.journal.sql.provider-name"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
