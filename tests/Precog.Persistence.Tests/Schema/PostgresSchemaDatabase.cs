using System.Data.Common;
using Npgsql;

namespace Precog.Persistence.Tests.Schema;

/// <summary>Each empty database is a new schema (the search path of its connection string) in the test class's PostgreSQL database.</summary>
public sealed class PostgresSchemaDatabase(PostgresDatabase server) : SchemaDatabase
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override async Task<DatabaseTarget> CreateEmptyAsync() => DatabaseTarget.Parse(await server.CreateSchemaAsync());

    public override DbConnection Open(DatabaseTarget target)
    {
        var connection = new NpgsqlConnection(target.ConnectionString);
        connection.Open();
        return connection;
    }

    public override IReadOnlySet<string> Relations(DbConnection connection, bool views) =>
        Rows(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = " +
                         (views ? "'VIEW'" : "'BASE TABLE'")).Select(r => r[0]!).ToHashSet();

    public override IReadOnlyList<DbColumn> Columns(DbConnection connection, string relation) =>
        Rows(connection, $"""
            SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable
            FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{relation}' ORDER BY ordinal_position
            """)
            .Select(r => new DbColumn(r[0]!, Type(r[1]!, r[2], r[3], r[4]), r[5] == "NO"))
            .ToList();

    /// <summary>numeric(10,4), character varying(50); integer for both widths (the ids are BIGSERIAL, see <see cref="StoredAs"/>).</summary>
    private static string Type(string dataType, string? length, string? precision, string? scale) => dataType switch
    {
        "numeric" => $"numeric({precision},{scale})",
        "character varying" when length is not null => $"character varying({length})",
        "bigint" => "integer",
        _ => dataType,
    };

    public override string StoredAs(string documentType) => documentType switch
    {
        // deliberate: ids are BIGSERIAL and their references BIGINT (a journal's projection may outgrow 2^31 edge rows);
        // Type() reads both widths as integer
        "SERIAL" or "INT" => "integer",
        // deliberate: instants are stored as UTC instants (STACK_NOTES: one convention, timestamptz where the schema allows)
        "TIMESTAMP" => "timestamp with time zone",
        "VARCHAR" => "character varying",
        _ when documentType.StartsWith("VARCHAR(", StringComparison.Ordinal) => "character varying" + documentType["VARCHAR".Length..],
        _ when documentType.StartsWith("DECIMAL(", StringComparison.Ordinal) => "numeric" + documentType["DECIMAL".Length..],
        _ => documentType.ToLowerInvariant(), // TEXT, JSONB, BOOLEAN, UUID, DATE
    };

    public override Refusal Classify(DbException refusal) => (refusal as PostgresException)?.SqlState switch
    {
        PostgresErrorCodes.CheckViolation => Refusal.Check,
        PostgresErrorCodes.UniqueViolation => Refusal.Unique,
        PostgresErrorCodes.NotNullViolation => Refusal.NotNull,
        PostgresErrorCodes.ForeignKeyViolation => Refusal.ForeignKey,
        PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.NumericValueOutOfRange or PostgresErrorCodes.InvalidDatetimeFormat => Refusal.InvalidValue,
        _ => Refusal.Other,
    };

    public override (DatabaseTarget Target, string? Secret) Unreachable()
    {
        const string secret = "s3cret-never-shown";
        return (DatabaseTarget.Parse($"Host=127.0.0.1;Port=1;Username=precog;Password={secret};Database=precog;Timeout=5"), secret);
    }
}
