using Npgsql;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Schema;

public sealed class PostgresMigrationTests(PostgresDatabase server) : MigrationContract, IClassFixture<PostgresDatabase>
{
    protected override SchemaDatabase Database { get; } = new PostgresSchemaDatabase(server);

    [Fact]
    public async Task A_wrong_password_is_refused_without_showing_it()
    {
        const string wrong = "not-the-password-42";
        var target = DatabaseTarget.Parse(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = wrong, Pooling = false }.ConnectionString);

        var refused = await Assert.ThrowsAsync<MigrationException>(() => MigrationRunner.MigrateAsync(target, teamsCsv: null));

        Assert.Contains("Password=***", refused.Message);
        Assert.Contains("28P01", refused.Message); // invalid_password
        Assert.DoesNotContain(wrong, refused.ToString());
    }
}

public sealed class PostgresDocumentedSchemaTests(PostgresDatabase server) : DocumentedSchemaContract, IClassFixture<PostgresDatabase>
{
    protected override SchemaDatabase Database { get; } = new PostgresSchemaDatabase(server);
}

public sealed class PostgresConstraintTests(PostgresDatabase server) : ConstraintContract, IClassFixture<PostgresDatabase>
{
    protected override SchemaDatabase Database { get; } = new PostgresSchemaDatabase(server);

    [Fact]
    public void Instants_are_stored_as_utc_whatever_the_session_time_zone()
    {
        SchemaDatabase.Execute(Connection, "SET TIME ZONE 'Asia/Tokyo'");
        var (_, a, b) = Keys("positions");
        Insert("positions", With(Row("positions", a), ("entry_time", "2025-10-24T18:30:00.000Z")));
        Insert("positions", With(Row("positions", b), ("entry_time", "2025-10-24T20:30:00.000+02:00")));

        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT entry_time FROM positions";
        using var reader = cmd.ExecuteReader();
        var read = new List<DateTime>();
        while (reader.Read()) read.Add(reader.GetDateTime(0));

        var expected = new DateTime(2025, 10, 24, 18, 30, 0, DateTimeKind.Utc);
        Assert.Equal([expected, expected], read);
        Assert.All(read, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }
}
