using System.Globalization;

namespace Precog.Persistence.Schema;

/// <summary>
/// The one text form each SQLite column type accepts (docs/SCHEMA.md), so that equality, the unique
/// current-row indexes and ordering work on the stored text. A writer binds these strings instead of the
/// raw values: Microsoft.Data.Sqlite would write 0.5m as "0.5", a Guid as a BLOB and a DateTimeOffset
/// with a space and an offset, all of which the schema refuses.
/// </summary>
public static class SqliteText
{
    /// <summary>A DECIMAL(p, <paramref name="scale"/>) value with exactly <paramref name="scale"/> decimals, as PostgreSQL prints it.</summary>
    public static string Decimal(decimal value, int scale = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        if (decimal.Round(value, scale) != value)
            throw new ArgumentException($"{value.ToString(CultureInfo.InvariantCulture)} has more than {scale} decimal places; round it explicitly first");
        // a zero carrying a sign bit would print as "-0.0000": one text per value means plain zero
        return (value == 0m ? 0m : value).ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>A TIMESTAMP as UTC ISO-8601 with milliseconds ('2025-10-24T18:30:00.000Z'); finer parts are cut.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A UUID in lowercase with hyphens.</summary>
    public static string Uuid(Guid id) => id.ToString("D");
}
