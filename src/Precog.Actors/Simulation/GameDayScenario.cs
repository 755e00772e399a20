using System.Globalization;
using System.Text.Json;
using Precog.Configuration;
using Precog.Exchanges.Simulated;

namespace Precog.Actors.Simulation;

/// <summary>One game of a scenario: who plays whom, and when it kicks off after the day's start.</summary>
public sealed record ScenarioGame(string Away, string Home, TimeSpan KickoffAfter);

/// <summary>
/// A scripted day from a file (<c>--scenario FILE</c>): its seed and start, its games (named match-ups or a
/// number drawn by the seed), the account's cash, the venue's price process and the faults it injects. Every
/// field is optional except the games; what the file leaves out keeps the node's defaults. A field the reader
/// does not know, a value of the wrong type or out of range is refused with the field's path named: a typo
/// must not silently play another day.
/// </summary>
public sealed record GameDayScenario(
    string? Name, int? Seed, DateTimeOffset? Start, IReadOnlyList<ScenarioGame>? Games, int? GameCount, decimal? Bankroll,
    PriceProcessSettings Prices, FaultSettings Faults)
{
    /// <summary>The node's day when no scenario is given: a tight, deep book (one-cent spread, 2,000 contracts a level), no faults.</summary>
    public static readonly GameDayScenario Default = new(null, null, null, null, null, null,
        PriceProcessSettings.Default with { Spread = 0.01m, Depth = 2000 }, FaultSettings.None);

    private static readonly string[] Fields = ["name", "seed", "start", "games", "bankroll", "prices", "faults"];
    private static readonly string[] GameFields = ["away", "home", "kickoff_after_minutes"];
    private static readonly string[] PriceFields = ["lag", "noise", "spread", "levels", "depth"];
    private static readonly string[] FaultFields = ["error_rate", "rate_limit_rate", "retry_after_seconds", "timeout_after_accept_rate", "timeout_after_seconds",
        "drop_fill_notice_rate", "latency_ms"];

    public static GameDayScenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"--scenario {path}: cannot be read: {e.Message}");
        }
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return Read(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new SettingsException($"--scenario {path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        catch (ScenarioException e)
        {
            throw new SettingsException($"--scenario {path}: {e.Message}");
        }
    }

    private sealed class ScenarioException(string message) : Exception(message);

    private static GameDayScenario Read(JsonElement root)
    {
        Known(root, "", Fields);
        var prices = Default.Prices;
        if (Field(root, "prices") is { } p)
        {
            Known(p, "prices.", PriceFields);
            prices = new PriceProcessSettings(
                Decimal(p, "prices.", "lag", 0, 0.99m) ?? prices.Lag, Decimal(p, "prices.", "noise", 0, 0.5m) ?? prices.Noise,
                Decimal(p, "prices.", "spread", 0.01m, 0.5m) ?? prices.Spread, Int(p, "prices.", "levels", 1, 50) ?? prices.Levels,
                Int(p, "prices.", "depth", 1, 1_000_000) ?? prices.Depth);
        }
        var faults = FaultSettings.None;
        if (Field(root, "faults") is { } f)
        {
            Known(f, "faults.", FaultFields);
            faults = new FaultSettings(
                Rate(f, "error_rate"), Rate(f, "rate_limit_rate"), Seconds(f, "retry_after_seconds"), Rate(f, "timeout_after_accept_rate"),
                Seconds(f, "timeout_after_seconds"), Rate(f, "drop_fill_notice_rate"), false,
                TimeSpan.FromMilliseconds(Int(f, "faults.", "latency_ms", 0, 60_000) ?? 0));
        }
        IReadOnlyList<ScenarioGame>? games = null;
        int? count = null;
        var g = Field(root, "games") ?? throw new ScenarioException("'games' is missing: a list of {\"away\", \"home\", \"kickoff_after_minutes\"} or a number of games to draw");
        if (g.ValueKind == JsonValueKind.Number) count = Int(root, "", "games", 1, 16);
        else if (g.ValueKind == JsonValueKind.Array)
            games = g.EnumerateArray().Select((e, i) =>
            {
                var at = $"games[{i}].";
                if (e.ValueKind != JsonValueKind.Object) throw new ScenarioException($"{at.TrimEnd('.')} is not an object");
                Known(e, at, GameFields);
                return new ScenarioGame(Team(e, at, "away"), Team(e, at, "home"), TimeSpan.FromMinutes(Int(e, at, "kickoff_after_minutes", 0, 24 * 60) ?? 5));
            }).ToList();
        else throw new ScenarioException("'games' is neither a list of games nor a number");
        if (games is { Count: 0 }) throw new ScenarioException("'games' is an empty list");
        return new GameDayScenario(Text(root, "name"), Int(root, "", "seed", int.MinValue, int.MaxValue), Time(root, "start"), games, count,
            Decimal(root, "", "bankroll", 1, 100_000_000), prices, faults);
    }

    private static JsonElement? Field(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static void Known(JsonElement o, string at, string[] known)
    {
        if (o.ValueKind != JsonValueKind.Object) throw new ScenarioException($"{(at.Length == 0 ? "the scenario" : at.TrimEnd('.'))} is not an object");
        foreach (var p in o.EnumerateObject())
            if (!known.Contains(p.Name, StringComparer.Ordinal))
                throw new ScenarioException($"unknown field '{at}{p.Name}' (known: {string.Join(", ", known)})");
    }

    private static string? Text(JsonElement o, string name) =>
        Field(o, name) is { } v ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ScenarioException($"'{name}' is not a string") : null;

    private static string Team(JsonElement o, string at, string name)
    {
        var v = Field(o, name) ?? throw new ScenarioException($"'{at}{name}' is missing");
        return v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s.ToUpperInvariant()
            : throw new ScenarioException($"'{at}{name}' is not a team code");
    }

    private static DateTimeOffset? Time(JsonElement o, string name)
    {
        if (Field(o, name) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        throw new ScenarioException($"'{name}' is not an ISO 8601 time (e.g. 2025-12-07T18:00:00Z)");
    }

    private static int? Int(JsonElement o, string at, string name, int min, int max)
    {
        if (Field(o, name) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n)) throw new ScenarioException($"'{at}{name}' is not a whole number");
        return n >= min && n <= max ? n : throw new ScenarioException($"'{at}{name}' is {n}, not between {min} and {max}");
    }

    private static decimal? Decimal(JsonElement o, string at, string name, decimal min, decimal max)
    {
        if (Field(o, name) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var d)) throw new ScenarioException($"'{at}{name}' is not a number");
        return d >= min && d <= max
            ? d
            : throw new ScenarioException($"'{at}{name}' is {d.ToString(CultureInfo.InvariantCulture)}, not between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
    }

    private static double Rate(JsonElement o, string name) => (double)(Decimal(o, "faults.", name, 0, 1) ?? 0);

    private static TimeSpan? Seconds(JsonElement o, string name) => Int(o, "faults.", name, 0, 3600) is { } s ? TimeSpan.FromSeconds(s) : null;
}
