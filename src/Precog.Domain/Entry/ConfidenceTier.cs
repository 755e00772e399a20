namespace Precog.Domain.Entry;

/// <summary>How much a model's probability is trusted; sets the stop loss and profit target.</summary>
public enum ConfidenceTier { High, Medium, Low }

/// <summary>Thresholds that place a model's 95% interval width and sample size in a tier.</summary>
public sealed record ConfidenceSettings(
    decimal HighMaxWidth = 0.10m, int HighMinSamples = 100,
    decimal MediumMaxWidth = 0.20m, int MediumMinSamples = 30)
{
    public static readonly ConfidenceSettings Default = new();

    /// <summary>high when w ≤ 0.10 and n ≥ 100; medium when w ≤ 0.20 and n ≥ 30; otherwise low.</summary>
    public ConfidenceTier Classify(decimal intervalWidth, int sampleSize)
    {
        if (intervalWidth < 0)
            throw new ArgumentOutOfRangeException(nameof(intervalWidth), intervalWidth, $"confidence interval width {intervalWidth} must not be negative");
        if (intervalWidth <= HighMaxWidth && sampleSize >= HighMinSamples) return ConfidenceTier.High;
        if (intervalWidth <= MediumMaxWidth && sampleSize >= MediumMinSamples) return ConfidenceTier.Medium;
        return ConfidenceTier.Low;
    }
}

public static class ConfidenceTierNames
{
    public static string ToWire(this ConfidenceTier tier) => tier.ToString().ToLowerInvariant();

    public static ConfidenceTier Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "high" => ConfidenceTier.High,
        "medium" => ConfidenceTier.Medium,
        "low" => ConfidenceTier.Low,
        _ => throw new FormatException($"confidence '{text}' is not one of high, medium, low"),
    };
}
