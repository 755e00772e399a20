using System.Data.Common;
using System.Globalization;
using Precog.Persistence.Schema;

namespace Precog.Persistence.Overrides;

/// <summary>
/// Reads the config_overrides rows in force from PostgreSQL or SQLite: <c>active</c> true and <c>expires_at</c>
/// null or later than now by the injected clock (a row expiring exactly now is expired). Rows whose active is
/// false or null are not in force. Timestamps are TIMESTAMPTZ on PostgreSQL and ISO-8601 text on SQLite
/// (UTC unless the text carries an offset); a timestamp that does not parse is an error naming the row.
/// </summary>
public sealed class ConfigOverrideReader(DatabaseTarget target, TimeProvider time)
{
    private const string Columns = "override_id, config_key, {0}, data_type, applied_at, expires_at";

    public DatabaseTarget Target => target;

    /// <summary>The rows in force now, in override_id order. A database that cannot be read gives a <see cref="ConfigOverrideException"/>.</summary>
    public async Task<IReadOnlyList<ConfigOverrideRow>> ReadActiveAsync(CancellationToken ct = default)
    {
        var pg = target.Provider == DatabaseProvider.PostgreSql;
        var rows = new List<ConfigOverrideRow>();
        try
        {
            await using var connection = await MigrationRunner.OpenAsync(target, ct);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT " + string.Format(CultureInfo.InvariantCulture, Columns, pg ? "override_value::text" : "override_value")
                + " FROM config_overrides WHERE active = " + (pg ? "TRUE" : "1") + " ORDER BY override_id";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                var key = reader.GetString(1);
                rows.Add(new ConfigOverrideRow(
                    id, key, reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    Timestamp(reader, 4, id, key, "applied_at"), Timestamp(reader, 5, id, key, "expires_at")));
            }
        }
        catch (Exception e) when (e is DbException or MigrationException)
        {
            throw new ConfigOverrideException($"cannot read config_overrides from {target}: {e.Message}", [], e);
        }

        var now = time.GetUtcNow();
        return rows.Where(r => r.ExpiresAt is null || r.ExpiresAt > now).ToList();
    }

    private static DateTimeOffset? Timestamp(DbDataReader reader, int column, long id, string key, string name)
    {
        if (reader.IsDBNull(column)) return null;
        var value = reader.GetValue(column);
        switch (value)
        {
            case DateTime dt:
                return new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc));
            case DateTimeOffset dto:
                return dto.ToUniversalTime();
            case string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed):
                return parsed;
            default:
                throw new ConfigOverrideException(
                    $"config_overrides row {id} ({key}): {name} '{value}' is not an ISO-8601 timestamp", [id]);
        }
    }
}
