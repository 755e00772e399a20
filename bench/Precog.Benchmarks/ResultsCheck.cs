using System.Text.Json;

namespace Precog.Benchmarks;

/// <summary>
/// What a results file must hold (issue 10): every metric, each with a numeric median inside [min, max] and as many
/// samples as the runs, the baseline's median and the ratio where the metric has a baseline, and nothing listed as not built.
/// </summary>
public static class ResultsCheck
{
    /// <summary>Every metric the harness writes, with whether it has a baseline in the same run.</summary>
    public static readonly IReadOnlyDictionary<string, bool> Expected = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        ["scd_writer_rate"] = true,
        ["raw_persist_rate"] = false,
        ["quote_pipeline_rate.inmem"] = true,
        ["quote_pipeline_rate.sqlite"] = true,
        ["quote_pipeline_rate.postgres"] = true,
        ["exit_latency"] = true,
        ["recovery_time"] = true,
        ["actor_memory.market_actor"] = false,
        ["actor_memory.position_actor"] = false,
        ["backtest_rate"] = true,
        ["pure_rules.exit_evaluation"] = false,
        ["pure_rules.trailing_stop_update"] = false,
        ["pure_rules.edge_computation"] = false,
        ["pure_rules.position_mark"] = false,
    };

    public static IReadOnlyList<string> Problems(string file, string? mode)
    {
        var problems = new List<string>();
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            root = doc.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return [$"cannot be read as JSON: {e.Message}"];
        }
        if (root.ValueKind != JsonValueKind.Object) return ["is not a JSON object"];
        if (mode is not null && Text(root, "mode") != mode) problems.Add($"mode is '{Text(root, "mode")}', not '{mode}'");
        if (!DateTimeOffset.TryParse(Text(root, "generated_at"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            problems.Add("generated_at is not a time");
        var runs = root.TryGetProperty("runs", out var r) && r.TryGetInt32(out var n) && n > 0 ? n : 0;
        if (runs == 0) problems.Add("runs is not a positive count");
        if (!root.TryGetProperty("not_built", out var notBuilt) || notBuilt.ValueKind != JsonValueKind.Array || notBuilt.GetArrayLength() != 0)
            problems.Add("not_built is not an empty list");
        if (!root.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object) return [.. problems, "metrics is missing"];
        foreach (var (name, hasBaseline) in Expected)
        {
            if (!metrics.TryGetProperty(name, out var m)) { problems.Add($"metric {name} is missing"); continue; }
            var (median, min, max) = (Number(m, "median"), Number(m, "min"), Number(m, "max"));
            if (median is null || min is null || max is null) problems.Add($"{name}: median, min and max must be numbers");
            else if (!(min <= median && median <= max) || min < 0) problems.Add($"{name}: median {median} is not within [{min}, {max}] or is negative");
            var samples = m.TryGetProperty("samples", out var s) && s.ValueKind == JsonValueKind.Array ? s.GetArrayLength() : -1;
            if (samples != runs) problems.Add($"{name}: {samples} samples for {runs} runs");
            if (string.IsNullOrEmpty(Text(m, "unit"))) problems.Add($"{name}: no unit");
            if (!hasBaseline) continue;
            if (Number(m, "baseline_median") is not > 0) problems.Add($"{name}: no positive baseline_median");
            if (Number(m, "ratio") is not > 0) problems.Add($"{name}: no positive ratio");
        }
        foreach (var extra in metrics.EnumerateObject().Where(p => !Expected.ContainsKey(p.Name)))
            problems.Add($"metric {extra.Name} is not one the check knows (add it to ResultsCheck.Expected)");
        return problems;
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
