using System.Globalization;
using Precog.Domain.Values;

namespace Precog.Domain.Models.Matrices;

/// <summary>The lookup key of one probability_matrices row.</summary>
public sealed record MatrixKey(string Category, string Subcategory, string Version, string StateDescriptor, string ValueBucket)
{
    public override string ToString() => $"{Category}/{Subcategory}/{Version}/{StateDescriptor}/{ValueBucket}";
}

/// <summary>One named range of a raw value (both bounds inclusive; null is unbounded).</summary>
public sealed record MatrixBucket(string Label, decimal? Min, decimal? Max)
{
    public bool Contains(decimal value) => (Min is null || value >= Min) && (Max is null || value <= Max);
}

/// <summary>One stored probability with its interval, sample size and how it was made.</summary>
public sealed record MatrixEntry(
    MatrixKey Key,
    Probability WinProbability,
    Probability? ConfidenceLower,
    Probability? ConfidenceUpper,
    int? SampleSize,
    string Source,
    string Methodology);

/// <summary>A value that falls in no bucket, or a key with no entry.</summary>
public sealed class MatrixLookupException(string message) : KeyNotFoundException(message);

/// <summary>
/// A probability matrix: entries by (category, subcategory, version, state, bucket), and the buckets
/// that map a raw value (e.g. a point differential) to its bucket label.
/// </summary>
public sealed class ProbabilityMatrix
{
    private readonly Dictionary<MatrixKey, MatrixEntry> _entries;

    public ProbabilityMatrix(string name, string description, IReadOnlyList<MatrixBucket> buckets, IEnumerable<MatrixEntry> entries)
    {
        Name = name;
        Description = description;
        Buckets = buckets;
        _entries = new Dictionary<MatrixKey, MatrixEntry>();
        foreach (var e in entries)
            if (!_entries.TryAdd(e.Key, e))
                throw new ArgumentException($"matrix '{name}' has two entries for {e.Key}", nameof(entries));
        var overlap = buckets.SelectMany((a, i) => buckets.Skip(i + 1).Where(b => Overlaps(a, b)).Select(b => (a, b))).FirstOrDefault();
        if (overlap.a is not null)
            throw new ArgumentException($"matrix '{name}': buckets '{overlap.a.Label}' and '{overlap.b.Label}' overlap", nameof(buckets));
    }

    public string Name { get; }
    public string Description { get; }
    public IReadOnlyList<MatrixBucket> Buckets { get; }
    public IEnumerable<MatrixEntry> Entries => _entries.Values;

    public MatrixEntry Lookup(MatrixKey key) =>
        _entries.TryGetValue(key, out var e) ? e : throw new MatrixLookupException($"matrix '{Name}' has no entry for {key}");

    /// <summary>Looks a raw value up through its bucket.</summary>
    public MatrixEntry Lookup(string category, string subcategory, string version, string state, decimal value) =>
        Lookup(new MatrixKey(category, subcategory, version, state, BucketOf(value).Label));

    public MatrixBucket BucketOf(decimal value) =>
        Buckets.FirstOrDefault(b => b.Contains(value))
        ?? throw new MatrixLookupException($"matrix '{Name}' has no bucket for {value.ToString(CultureInfo.InvariantCulture)}");

    private static bool Overlaps(MatrixBucket a, MatrixBucket b) =>
        (a.Min is null || b.Max is null || a.Min <= b.Max) && (b.Min is null || a.Max is null || b.Min <= a.Max);
}
