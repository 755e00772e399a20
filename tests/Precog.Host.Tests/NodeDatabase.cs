using System.Globalization;
using Precog.Persistence;
using Precog.Persistence.Schema;

namespace Precog.Host.Tests;

/// <summary>Reads of a node's database after (or while) it ran: one text column per row, or one number.</summary>
public static class NodeDatabase
{
    public static async Task<List<string>> Rows(DatabaseTarget target, string sql)
    {
        await using var c = await MigrationRunner.OpenAsync(target);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync()) rows.Add(r.GetString(0));
        return rows;
    }

    public static async Task<long> Scalar(DatabaseTarget target, string sql)
    {
        await using var c = await MigrationRunner.OpenAsync(target);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
