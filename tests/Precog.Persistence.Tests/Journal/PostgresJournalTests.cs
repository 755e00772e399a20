using System.Data.Common;
using Npgsql;

namespace Precog.Persistence.Tests.Journal;

public sealed class PostgresJournalTests(PostgresDatabase database) : JournalRoundTrip, IClassFixture<PostgresDatabase>
{
    protected override DatabaseTarget Target => DatabaseTarget.Parse(database.ConnectionString);

    protected override DbConnection Open()
    {
        var c = new NpgsqlConnection(database.ConnectionString);
        c.Open();
        return c;
    }
}
