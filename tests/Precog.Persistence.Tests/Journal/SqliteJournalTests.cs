using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Precog.Persistence.Tests.Journal;

public sealed class SqliteJournalTests : JournalRoundTrip, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-journal-").FullName;

    protected override DatabaseTarget Target => DatabaseTarget.Sqlite(Path.Combine(_dir, "nested", "precog.db"));

    protected override DbConnection Open()
    {
        var c = new SqliteConnection(Target.ConnectionString);
        c.Open();
        return c;
    }

    [Fact]
    public void The_sqlite_file_is_created_in_wal_mode()
    {
        Persistence.Journal.JournalConfig.For(Target);
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", cmd.ExecuteScalar());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
