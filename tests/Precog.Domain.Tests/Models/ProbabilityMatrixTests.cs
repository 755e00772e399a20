using Precog.Domain.Models.InGame;
using Precog.Domain.Models.Matrices;
using Precog.Domain.Values;

namespace Precog.Domain.Tests.Models;

public class ProbabilityMatrixTests
{
    private static readonly ProbabilityMatrix Halftime = HalftimeMatrix.Generate(InGameConfig.Nfl);

    [Theory]
    [InlineData(-21, "down_15+")]
    [InlineData(-15, "down_15+")]
    [InlineData(-14, "down_8to14")]
    [InlineData(0, "tied")]
    [InlineData(3, "up_1to3")]
    [InlineData(7, "up_4to7")]
    [InlineData(35, "up_15+")]
    public void A_point_differential_falls_in_exactly_one_bucket(int diff, string label)
    {
        Assert.Equal(label, Halftime.BucketOf(diff).Label);
        Assert.Single(Halftime.Buckets, b => b.Contains(diff));
    }

    [Fact]
    public void Lookup_by_raw_value_finds_the_generated_entry_with_its_methodology()
    {
        var e = Halftime.Lookup("sports", "nfl", "v1.0", "halftime", 5m);

        Assert.Equal("up_4to7", e.Key.ValueBucket);
        // midpoint 5.5 points: Φ(5.5 / (13.45 √0.5)) = Φ(0.5783) = 0.7185
        Assert.Equal(0.7185m, e.WinProbability.Value);
        Assert.True(e.ConfidenceLower!.Value.Value < e.WinProbability.Value && e.WinProbability.Value < e.ConfidenceUpper!.Value.Value);
        Assert.Contains("sigma = 13.45", e.Methodology);
    }

    [Fact]
    public void Probabilities_rise_bucket_by_bucket_and_mirror_around_the_tie()
    {
        var p = HalftimeMatrix.NflBuckets.Select(b => Halftime.Lookup(new MatrixKey("sports", "nfl", "v1.0", "halftime", b.Label)).WinProbability.Value).ToList();
        Assert.Equal(p.OrderBy(x => x), p);
        Assert.Equal(0.5m, p[4]);
        for (var i = 0; i < 4; i++)
            Assert.Equal(1m, p[i] + p[^(i + 1)]);
    }

    [Fact]
    public void Unknown_keys_and_values_outside_every_bucket_are_named()
    {
        var narrow = new ProbabilityMatrix("narrow", "test", [new MatrixBucket("small", -3m, 3m)], []);
        var noBucket = Assert.Throws<MatrixLookupException>(() => narrow.BucketOf(4m));
        Assert.Contains("no bucket for 4", noBucket.Message);

        var noEntry = Assert.Throws<MatrixLookupException>(() => Halftime.Lookup(new MatrixKey("sports", "nba", "v1.0", "halftime", "tied")));
        Assert.Contains("sports/nba/v1.0/halftime/tied", noEntry.Message);
    }

    [Fact]
    public void Overlapping_buckets_and_duplicate_entries_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ProbabilityMatrix("m", "d", [new("a", 0m, 5m), new("b", 5m, 9m)], []));
        var key = new MatrixKey("c", "s", "v1.0", "x", "a");
        var e = new MatrixEntry(key, new Probability(0.5m), null, null, 10, "test", "hand");
        Assert.Throws<ArgumentException>(() => new ProbabilityMatrix("m", "d", [new("a", 0m, 5m)], [e, e]));
    }
}
