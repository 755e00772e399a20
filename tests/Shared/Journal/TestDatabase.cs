using Microsoft.Data.Sqlite;
using Precog.Persistence;

namespace Precog.Tests.Journal;

/// <summary>
/// Fresh, empty databases of one kind for a test class: SQLite files in a temporary folder, or throwaway
/// PostgreSQL databases on the server scripts/test.sh starts. Each call makes a new one; disposal removes all.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public static TestDatabase Sqlite() => new SqliteFiles();

    public static TestDatabase Postgres() => new PostgresDatabases();

    public abstract Task<DatabaseTarget> CreateAsync();

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteFiles : TestDatabase
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("precog-db-").FullName;

        public override Task<DatabaseTarget> CreateAsync() => Task.FromResult(DatabaseTarget.Sqlite(Path.Combine(_dir, $"{Guid.NewGuid():N}.db")));

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_dir, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresDatabases : TestDatabase
    {
        private readonly List<PostgresDatabase> _databases = [];

        public override async Task<DatabaseTarget> CreateAsync()
        {
            var database = new PostgresDatabase();
            _databases.Add(database);
            await database.InitializeAsync();
            return DatabaseTarget.Parse(database.ConnectionString);
        }

        public override async ValueTask DisposeAsync()
        {
            foreach (var d in _databases) await d.DisposeAsync();
        }
    }
}
