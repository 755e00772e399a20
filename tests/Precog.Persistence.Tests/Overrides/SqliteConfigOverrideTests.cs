using Microsoft.Data.Sqlite;
using Precog.Persistence.Overrides;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Overrides;

public sealed class SqliteConfigOverrideTests : ConfigOverridesContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-overrides-").FullName;

    protected override DatabaseTarget Target => DatabaseTarget.Sqlite(Path.Combine(_dir, "precog.db"));

    // A path under the database file itself: its folder cannot be created.
    protected override DatabaseTarget Unreachable => DatabaseTarget.Sqlite(Path.Combine(_dir, "precog.db", "inside-a-file.db"));

    [Fact]
    public async Task The_column_default_timestamp_reads_as_utc_and_expires_on_the_clock()
    {
        // applied_at from the column default (strftime ...Z); expires_at in the schema's one text form
        await ExecuteAsync("INSERT INTO config_overrides (config_key, override_value, data_type, expires_at) VALUES "
            + "('precog.trading.entry.min-edge', '0.08', 'float', '2026-03-01T12:00:30.000Z')");
        var reader = new ConfigOverrideReader(Target, Clock);

        var before = await reader.ReadActiveAsync();
        Clock.Advance(TimeSpan.FromSeconds(30));
        var after = await reader.ReadActiveAsync();

        var row = Assert.Single(before);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 30, TimeSpan.Zero), row.ExpiresAt);
        Assert.Equal(TimeSpan.Zero, row.AppliedAt!.Value.Offset);
        Assert.Empty(after);
    }

    [Theory]
    [InlineData("next tuesday")]
    [InlineData("2026-03-01 12:00:30")]
    public async Task A_timestamp_not_in_the_schemas_iso_8601_form_never_reaches_the_table(string expires)
    {
        var e = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync("INSERT INTO config_overrides (config_key, override_value, data_type, expires_at) VALUES "
            + $"('precog.trading.entry.min-edge', '0.08', 'float', '{expires}')"));

        Assert.Contains("CHECK constraint failed: expires_at", e.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
