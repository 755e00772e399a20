namespace Precog.Persistence.Tests.Overrides;

public sealed class PostgresConfigOverrideTests(PostgresDatabase database) : ConfigOverridesContract, IClassFixture<PostgresDatabase>
{
    protected override DatabaseTarget Target => DatabaseTarget.Parse(database.ConnectionString);

    // Nothing listens on port 1.
    protected override DatabaseTarget Unreachable =>
        DatabaseTarget.Parse("Host=127.0.0.1;Port=1;Username=precog;Password=secret;Database=nowhere;Timeout=5");
}
