using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Precog.Persistence.Schema;

/// <summary>One numbered migration: its SQL for one database and the checksum that freezes it once applied.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the text (line endings normalised). Computed from Sql on every read, so a copy made with `with` cannot carry a stale one.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    public override string ToString() => $"{Version:000}_{Name}";

    /// <summary>The embedded migrations of a database, in order (resources named schema/DB/NNN_name.sql).</summary>
    public static IReadOnlyList<Migration> For(DatabaseProvider provider)
    {
        var prefix = provider == DatabaseProvider.PostgreSql ? "schema/postgres/" : "schema/sqlite/";
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                var number = file.Split('_', 2);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Migration(int.Parse(number[0], CultureInfo.InvariantCulture), number[1], reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"two migrations are numbered {duplicate.Key}");
        return migrations;
    }
}

/// <summary>The schema cannot be brought up to date; the message names the migration and why.</summary>
public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
