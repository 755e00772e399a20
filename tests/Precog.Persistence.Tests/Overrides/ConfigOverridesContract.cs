using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Precog.Configuration;
using Precog.Domain;
using Precog.Domain.Exits;
using Precog.Persistence.Overrides;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Tests.Overrides;

/// <summary>
/// The same config_overrides checks on every database: real rows in a migrated schema, read through
/// <see cref="ConfigOverrideReader"/>, applied by <see cref="ConfigOverrideWatcher"/> on a fake clock.
/// </summary>
public abstract class ConfigOverridesContract : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30); // a guard against a hang, never a wait for correctness
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);
    private static readonly TradingSettings Defaults = TradingSettingsBinder.Bind(PrecogConfig.Defaults);

    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected abstract DatabaseTarget Target { get; }

    /// <summary>A database of the same kind that cannot be opened.</summary>
    protected abstract DatabaseTarget Unreachable { get; }

    public async Task InitializeAsync()
    {
        await MigrationRunner.MigrateAsync(Target, null);
        await ExecuteAsync("DELETE FROM config_overrides");
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private DateTimeOffset Now => Clock.GetUtcNow();

    private ConfigOverrideWatcher Watcher(DatabaseTarget? target = null) =>
        new(new ConfigOverrideReader(target ?? Target, Clock), PrecogConfig.Defaults, Poll, Clock);

    [Fact]
    public async Task An_active_override_of_each_data_type_changes_the_bound_setting_at_start()
    {
        Assert.NotEqual(0.08m, Defaults.Entry.MinEdge);
        await InsertAsync("precog.trading.entry.min-edge", "0.08", "float");
        await InsertAsync("precog.trading.sizing.max-open-positions", "7", "int");
        await InsertAsync("precog.trading.exits.partial-exits-enabled", "false", "bool");
        await InsertAsync("precog.trading.exit-execution.low.first-order", "\"fair\"", "string");
        await InsertAsync("precog.trading.entry.max-data-age", "\"45s\"", "duration");
        await using var watcher = Watcher();

        var s = (await watcher.StartAsync()).Settings;

        Assert.Equal(0.08m, s.Entry.MinEdge);
        Assert.Equal(7, s.Sizing.MaxOpenPositions);
        Assert.False(s.Exits.PartialExitsEnabled);
        Assert.Equal(LimitStyle.Fair, s.ExitExecution.Low.FirstOrder);
        Assert.Equal(TimeSpan.FromSeconds(45), s.Entry.MaxDataAge);
        Assert.Equal(Defaults.Sizing.KellyFraction, s.Sizing.KellyFraction); // a key no row names keeps its HOCON value
        Assert.Same(s, watcher.Current.Settings);
    }

    [Fact]
    public async Task An_inactive_or_expired_row_does_not_apply_and_one_expiring_later_does()
    {
        await InsertAsync("precog.trading.entry.min-edge", "0.08", "float", active: false);
        await InsertAsync("precog.trading.sizing.kelly-fraction", "0.5", "float", expiresAt: Now.AddSeconds(-1));
        await InsertAsync("precog.trading.entry.max-spread", "0.04", "float", expiresAt: Now); // expiring exactly now is expired
        var later = await InsertAsync("precog.trading.fees.taker-rate", "0.05", "float", expiresAt: Now.AddSeconds(1));
        await using var watcher = Watcher();

        var current = await watcher.StartAsync();

        Assert.Equal(Defaults.Entry.MinEdge, current.Settings.Entry.MinEdge);
        Assert.Equal(Defaults.Sizing.KellyFraction, current.Settings.Sizing.KellyFraction);
        Assert.Equal(Defaults.Entry.MaxSpread, current.Settings.Entry.MaxSpread);
        Assert.Equal(0.05m, current.Settings.Fees.TakerRate);
        Assert.Equal([later], current.Overlay.Effective.Select(r => r.OverrideId));
    }

    [Fact]
    public async Task An_override_stops_applying_when_the_clock_reaches_its_expiry()
    {
        await InsertAsync("precog.trading.entry.min-edge", "0.08", "float", expiresAt: Now.AddMinutes(10));
        await using var watcher = Watcher(); // not started: no poll races the explicit refreshes as the clock moves
        Assert.Equal(0.08m, (await watcher.RefreshAsync()).Current.Settings.Entry.MinEdge);

        Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var before = await watcher.RefreshAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));
        var at = await watcher.RefreshAsync();

        Assert.False(before.Changed);
        Assert.Equal(0.08m, before.Current.Settings.Entry.MinEdge);
        Assert.True(at.Changed);
        Assert.Equal(Defaults.Entry.MinEdge, at.Current.Settings.Entry.MinEdge);
        Assert.True(at.Current.Overlay.IsEmpty);
    }

    [Fact]
    public async Task The_latest_applied_at_wins_a_key_and_a_tie_goes_to_the_larger_override_id()
    {
        var recent = await InsertAsync("precog.trading.entry.min-edge", "0.09", "float", appliedAt: Now.AddMinutes(-1));
        await InsertAsync("precog.trading.entry.min-edge", "0.07", "float", appliedAt: Now.AddHours(-2)); // larger id, older
        var tie = Now.AddMinutes(-5);
        await InsertAsync("precog.trading.sizing.kelly-fraction", "0.3", "float", appliedAt: tie);
        var larger = await InsertAsync("precog.trading.sizing.kelly-fraction", "0.2", "float", appliedAt: tie);
        await using var watcher = Watcher();

        var current = await watcher.StartAsync();

        Assert.Equal(0.09m, current.Settings.Entry.MinEdge);
        Assert.Equal(0.2m, current.Settings.Sizing.KellyFraction);
        Assert.Equal([recent, larger], current.Overlay.Effective.Select(r => r.OverrideId).Order());
    }

    [Theory]
    [InlineData("precog.trading.entry.min-egde", "0.08", "float", "unknown setting precog.trading.entry.min-egde")]
    [InlineData("precog.trading.entry.min-edge", "\"abc\"", "float", "data_type 'float' needs a JSON number, but override_value is \"abc\"")]
    [InlineData("precog.trading.sizing.max-open-positions", "2.5", "int", "data_type 'int' needs a whole JSON number")]
    [InlineData("precog.trading.exits.partial-exits-enabled", "1", "bool", "data_type 'bool' needs JSON true or false")]
    [InlineData("precog.trading.entry.min-edge", "\"0.08\"", "string", "precog.trading.entry.min-edge is a number (data_type float or int)")]
    [InlineData("precog.trading.entry.max-data-age", "\"30\"", "duration", "precog.trading.entry.max-data-age = '30' is not a duration")]
    [InlineData("precog.trading.entry.min-edge", "1.5", "float", "precog.trading.entry.min-edge = 1.5 must lie in [0, 1]")]
    [InlineData("precog.trading.sizing.max-open-positions", "-1", "int", "precog.trading.sizing.max-open-positions = -1 must lie in [0, 2147483647]")]
    [InlineData("precog.trading.exit-execution.low.first-order", "\"hopeful\"", "string", "'hopeful' is not one of market, aggressive, fair, conservative")]
    [InlineData("precog.trading.entry.min-price", "0.99", "float", "precog.trading.entry.min-price (0.99) is above precog.trading.entry.max-price (0.98)")]
    [InlineData("precog.trading.exits.partial-exit-shares", "0.5", "float", "is a list; a config_overrides row holds a single value")]
    [InlineData("akka.loglevel", "\"DEBUG\"", "string", "only precog.trading.* settings can be overridden")]
    [InlineData("precog.trading.entry.min-edge", "0.08", null, "data_type is missing")]
    public async Task A_bad_row_is_refused_naming_it_and_the_previous_settings_stay(string key, string json, string? type, string expected)
    {
        await InsertAsync("precog.trading.sizing.kelly-fraction", "0.3", "float");
        await using var watcher = Watcher();
        var good = await watcher.StartAsync();
        var changes = Record(watcher);
        var failures = new List<ConfigOverrideException>();
        watcher.Failed += failures.Add;
        await InsertAsync("precog.trading.fees.taker-rate", "0.05", "float"); // a good row beside the bad one is not half-applied
        var bad = await InsertAsync(key, json, type);

        var refresh = await watcher.RefreshAsync();

        Assert.True(refresh.Failed);
        Assert.Equal([bad], refresh.Error!.OverrideIds);
        Assert.Contains($"config_overrides row {bad} ({key})", refresh.Error.Message);
        Assert.Contains(expected, refresh.Error.Message);
        Assert.Same(good, watcher.Current);
        Assert.Equal(0.3m, watcher.Current.Settings.Sizing.KellyFraction);
        Assert.Equal(Defaults.Fees.TakerRate, watcher.Current.Settings.Fees.TakerRate);
        Assert.Empty(changes);
        Assert.Equal([refresh.Error], failures);

        // reported on every refresh while the row stays; deactivating it applies the good row at last
        Assert.True((await watcher.RefreshAsync()).Failed);
        Assert.Equal(2, failures.Count);
        await ExecuteAsync($"UPDATE config_overrides SET active = {False} WHERE override_id = {bad}");
        var fixedUp = await watcher.RefreshAsync();
        Assert.True(fixedUp.Changed);
        Assert.Equal(0.05m, fixedUp.Current.Settings.Fees.TakerRate);
    }

    [Fact]
    public async Task Rows_are_checked_together_two_that_only_fit_together_apply_and_a_conflict_names_both()
    {
        await using var watcher = Watcher();
        await watcher.StartAsync();

        // min-price 0.985 alone is above the default max-price 0.98; with max-price 0.99 beside it, it fits
        await InsertAsync("precog.trading.entry.min-price", "0.985", "float");
        await InsertAsync("precog.trading.entry.max-price", "0.99", "float");
        var together = await watcher.RefreshAsync();
        Assert.Null(together.Error);
        Assert.Equal(0.985m, together.Current.Settings.Entry.MinPrice);

        await ExecuteAsync("DELETE FROM config_overrides");
        var floor = await InsertAsync("precog.trading.trailing-stop.floor-distance", "0.04", "float");
        var initial = await InsertAsync("precog.trading.trailing-stop.initial-distance", "0.03", "float");
        var conflict = await watcher.RefreshAsync();

        Assert.Equal([floor, initial], conflict.Error!.OverrideIds);
        Assert.Contains($"rows {floor} (precog.trading.trailing-stop.floor-distance), {initial} (precog.trading.trailing-stop.initial-distance) together", conflict.Error.Message);
        Assert.Same(together.Current, watcher.Current);
    }

    [Fact]
    public async Task A_malformed_row_is_refused_even_when_a_later_row_for_its_key_would_shadow_it()
    {
        var bad = await InsertAsync("precog.trading.entry.min-edge", "\"lots\"", "float", appliedAt: Now.AddHours(-1));
        await InsertAsync("precog.trading.entry.min-edge", "0.08", "float");
        await using var watcher = Watcher();

        var e = await Assert.ThrowsAsync<ConfigOverrideException>(() => watcher.StartAsync());

        Assert.Equal([bad], e.OverrideIds);
        Assert.Equal(Defaults.Entry.MinEdge, watcher.Current.Settings.Entry.MinEdge);
    }

    [Fact]
    public async Task The_watcher_publishes_exactly_when_the_effective_overlay_changes()
    {
        await using var watcher = Watcher(); // not started: only the explicit refreshes below read the rows
        var changes = Record(watcher);

        Assert.False((await watcher.RefreshAsync()).Changed);                   // nothing there
        var first = await InsertAsync("precog.trading.entry.min-edge", "0.08", "float");
        Assert.True((await watcher.RefreshAsync()).Changed);                    // added: 1
        Assert.False((await watcher.RefreshAsync()).Changed);                   // same rows
        var same = await InsertAsync("precog.trading.entry.min-edge", "0.080", "float");
        Assert.False((await watcher.RefreshAsync()).Changed);                   // a new winner with the same value
        await ExecuteAsync($"UPDATE config_overrides SET active = {False} WHERE override_id = {same}");
        Assert.False((await watcher.RefreshAsync()).Changed);                   // the older row holds the same value
        await InsertAsync("precog.trading.sizing.kelly-fraction", "0.3", "float");
        Assert.True((await watcher.RefreshAsync()).Changed);                    // added: 2
        await ExecuteAsync($"UPDATE config_overrides SET active = {False} WHERE override_id = {first}");
        Assert.True((await watcher.RefreshAsync()).Changed);                    // deactivated: 3
        await InsertAsync("precog.trading.sizing.kelly-fraction", "0.4", "float", expiresAt: Now.AddMinutes(1));
        Assert.True((await watcher.RefreshAsync()).Changed);                    // a later row wins: 4
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await watcher.RefreshAsync()).Changed);                    // it expired: 5

        Assert.Equal([0.08m, 0.08m, Defaults.Entry.MinEdge, Defaults.Entry.MinEdge, Defaults.Entry.MinEdge], changes.Select(c => c.Settings.Entry.MinEdge));
        Assert.Equal([Defaults.Sizing.KellyFraction, 0.3m, 0.3m, 0.4m, 0.3m], changes.Select(c => c.Settings.Sizing.KellyFraction));
        Assert.Same(changes[^1], watcher.Current);
    }

    [Fact]
    public async Task The_polling_loop_picks_up_a_new_row_and_its_expiry_as_the_clock_advances()
    {
        await using var watcher = Watcher();
        var changes = Channel.CreateUnbounded<OverriddenSettings>();
        watcher.Changed += c => changes.Writer.TryWrite(c);
        await watcher.StartAsync();
        await InsertAsync("precog.trading.entry.min-edge", "0.08", "float", expiresAt: Now + Poll + Poll);

        Clock.Advance(Poll);
        var added = await changes.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Clock.Advance(Poll);
        var expired = await changes.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(0.08m, added.Settings.Entry.MinEdge);
        Assert.Equal(Defaults.Entry.MinEdge, expired.Settings.Entry.MinEdge);
        Assert.True(expired.Overlay.IsEmpty);
    }

    [Fact]
    public async Task When_the_table_cannot_be_read_the_last_good_settings_stay_and_the_cause_is_reported()
    {
        await InsertAsync("precog.trading.sizing.kelly-fraction", "0.3", "float");
        await using var watcher = Watcher();
        var good = await watcher.StartAsync();
        var changes = Record(watcher);
        var failures = new List<ConfigOverrideException>();
        watcher.Failed += failures.Add;

        OverrideRefresh down;
        await ExecuteAsync("ALTER TABLE config_overrides RENAME TO config_overrides_away");
        try
        {
            down = await watcher.RefreshAsync();
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE config_overrides_away RENAME TO config_overrides");
        }
        var back = await watcher.RefreshAsync();

        Assert.Contains("cannot read config_overrides", down.Error!.Message);
        Assert.Contains("config_overrides", down.Error.InnerException!.Message); // the database's own words
        Assert.Empty(down.Error.OverrideIds);
        Assert.Equal([down.Error], failures);
        Assert.Same(good, down.Current);
        Assert.False(back.Changed);
        Assert.Null(back.Error);
        Assert.Empty(changes);
    }

    [Fact]
    public async Task An_unreachable_database_fails_the_start_with_the_target_named()
    {
        await using var watcher = Watcher(Unreachable);

        var e = await Assert.ThrowsAsync<ConfigOverrideException>(() => watcher.StartAsync());

        Assert.Contains($"cannot read config_overrides from {Unreachable}", e.Message);
        Assert.Equal(Defaults.Entry.MinEdge, watcher.Current.Settings.Entry.MinEdge);
    }

    private static List<OverriddenSettings> Record(ConfigOverrideWatcher watcher)
    {
        var changes = new List<OverriddenSettings>();
        watcher.Changed += changes.Add;
        return changes;
    }

    private bool Pg => Target.Provider == DatabaseProvider.PostgreSql;

    private string False => Pg ? "FALSE" : "0";

    /// <summary>Inserts a row the way an operator would, in the database's own types; returns its override_id.</summary>
    protected async Task<long> InsertAsync(string key, string json, string? type, DateTimeOffset? appliedAt = null,
        DateTimeOffset? expiresAt = null, bool active = true)
    {
        var applied = appliedAt ?? Now.AddMinutes(-1);
        await using var connection = await MigrationRunner.OpenAsync(Target);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT INTO config_overrides (config_key, override_value, data_type, reason, applied_by, applied_at, expires_at, active) "
            + $"VALUES (@k, {(Pg ? "CAST(@v AS jsonb)" : "@v")}, @t, 'test', 'tests', @a, @e, @active) RETURNING override_id";
        Parameter(cmd, "k", key);
        Parameter(cmd, "v", json);
        Parameter(cmd, "t", type);
        Parameter(cmd, "a", Pg ? applied : Iso(applied));
        Parameter(cmd, "e", expiresAt is null ? null : Pg ? expiresAt.Value : Iso(expiresAt.Value));
        Parameter(cmd, "active", Pg ? active : active ? 1 : 0);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = await MigrationRunner.OpenAsync(Target);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Parameter(System.Data.Common.DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }
}
