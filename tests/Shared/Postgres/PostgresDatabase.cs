using Npgsql;
using Xunit;

namespace Precog.Tests;

/// <summary>
/// A throwaway PostgreSQL database for one test class, on the server scripts/test.sh starts (its
/// connection string in PRECOG_TEST_POSTGRES). Missing configuration fails the tests: it never skips them.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string Variable = "PRECOG_TEST_POSTGRES";

    private readonly string _name = $"precog_t_{Guid.NewGuid():N}";
    private string? _admin;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException($"{Variable} is not set: run the tests through scripts/test.sh, which starts PostgreSQL and sets it");
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _name, MaxPoolSize = 20 }.ConnectionString;
    }

    /// <summary>
    /// An empty database of its own for one test, cheaper than CREATE DATABASE: a new schema in this one,
    /// named by the search path of the returned connection string. Unpooled, because idle pools of many
    /// distinct connection strings would add up towards max_connections.
    /// </summary>
    public async Task<string> CreateSchemaAsync()
    {
        var schema = $"s_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema, Pooling = false }.ConnectionString;
    }

    /// <summary>Set to 1 to keep every test database for a look after the run (its name is in the test's output).</summary>
    public const string KeepVariable = "PRECOG_TEST_KEEP_DB";

    public async Task DisposeAsync()
    {
        if (_admin is null || Environment.GetEnvironmentVariable(KeepVariable) == "1") return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        // FORCE cannot end a server process of another role (an autovacuum worker that just started on the
        // database, 42501): such a worker ends by itself, so the drop is tried again a few times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }
}
