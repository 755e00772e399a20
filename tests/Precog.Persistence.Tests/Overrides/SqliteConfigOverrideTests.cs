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
    public async Task Timestamps_in_sqlite_own_formats_are_read_as_utc()
    {
        // applied_at from the column default (strftime ...Z), expires_at as datetime() writes it: no T, no zone
        await ExecuteAsync("INSERT INTO config_overrides (config_key, override_value, data_type, expires_at) VALUES "
            + "('precog.trading.entry.min-edge', '0.08', 'float', '2026-03-01 12:00:30')");
        var reader = new ConfigOverrideReader(Target, Clock);

        var before = await reader.ReadActiveAsync();
        Clock.Advance(TimeSpan.FromSeconds(30));
        var after = await reader.ReadActiveAsync();

        var row = Assert.Single(before);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 30, TimeSpan.Zero), row.ExpiresAt);
        Assert.Equal(TimeSpan.Zero, row.AppliedAt!.Value.Offset);
        Assert.Empty(after);
    }

    [Fact]
    public async Task A_timestamp_that_is_not_iso_8601_is_refused_naming_the_row()
    {
        await ExecuteAsync("INSERT INTO config_overrides (config_key, override_value, data_type, expires_at) VALUES "
            + "('precog.trading.entry.min-edge', '0.08', 'float', 'next tuesday')");

        var e = await Assert.ThrowsAsync<ConfigOverrideException>(() => new ConfigOverrideReader(Target, Clock).ReadActiveAsync());

        Assert.Single(e.OverrideIds);
        Assert.Contains($"config_overrides row {e.OverrideIds[0]} (precog.trading.entry.min-edge): expires_at 'next tuesday' is not an ISO-8601 timestamp", e.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
