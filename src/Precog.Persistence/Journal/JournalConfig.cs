using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace Precog.Persistence.Journal;

/// <summary>
/// The Akka configuration of the journal, snapshot store, read journal and serializer for one database:
/// hocon/persistence.sqlite.conf or hocon/persistence.postgres.conf with the connection string filled in,
/// plus hocon/persistence.recovery.conf (how a node comes back after an outage) and hocon/serialization.conf.
/// </summary>
public static class JournalConfig
{
    private const string Placeholder = "PRECOG_CONNECTION_STRING";

    public static Config For(DatabaseTarget target)
    {
        if (target.Provider == DatabaseProvider.Sqlite)
            PrepareSqliteFile(target);
        var template = Resource(target.Provider == DatabaseProvider.Sqlite ? "persistence.sqlite.conf" : "persistence.postgres.conf");
        return ConfigurationFactory.ParseString(template.Replace(Placeholder, Quote(target.ConnectionString), StringComparison.Ordinal))
            .WithFallback(Recovery)
            .WithFallback(Serialization)
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration); // the plugin's own defaults (class names, mappings)
    }

    /// <summary>Breakers, timeouts and backoffs after a database outage, whatever the provider.</summary>
    private static Config Recovery => ConfigurationFactory.ParseString(Resource("persistence.recovery.conf"));

    /// <summary>The serializer binding alone: every node needs it, with or without a journal.</summary>
    public static Config Serialization => ConfigurationFactory.ParseString(Resource("serialization.conf"));

    /// <summary>Creates the folder and sets WAL mode on the file once (it is a property of the file, not the connection).</summary>
    private static void PrepareSqliteFile(DatabaseTarget target)
    {
        var path = new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
        if (Path.GetDirectoryName(path) is { Length: > 0 } dir)
            Directory.CreateDirectory(dir);
        using var connection = new SqliteConnection(target.ConnectionString);
        connection.Open();
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Resource(string name)
    {
        using var stream = typeof(JournalConfig).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in Precog.Persistence");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
