using System.Globalization;
using Precog.Domain.Values;

namespace Precog.Cli;

/// <summary>Parsing of comma-separated option values; every error names the option and the bad item.</summary>
public static class CliLists
{
    public static IReadOnlyList<Price> Prices(string option, string text) =>
        Split(text).Select(s => ParsePrice(option, s)).ToList();

    /// <summary>One value for every mark, or a single value repeated; null when the option is absent.</summary>
    public static IReadOnlyList<T>? PerMark<T>(string option, string? text, int marks, Func<string, T> parse)
    {
        if (text is null) return null;
        var items = Split(text).Select(parse).ToList();
        if (items.Count == 1) return Enumerable.Repeat(items[0], marks).ToList();
        if (items.Count != marks)
            throw new CliInputException($"{option} has {items.Count} values but there are {marks} marks (give one value or one per mark)");
        return items;
    }

    public static Price ParsePrice(string option, string text)
    {
        var d = ParseDecimal(option, text, decimal.MinValue, decimal.MaxValue);
        if (d < 0m || d > 1m) throw new CliInputException($"{option}: price {text} is outside [0, 1]");
        if (decimal.Round(d, 4) != d) throw new CliInputException($"{option}: price {text} has more than 4 decimal places");
        return new Price(d);
    }

    public static decimal ParseDecimal(string option, string text, decimal min, decimal max)
    {
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
            throw new CliInputException($"{option}: '{text}' is not a number");
        if (d < min || d > max)
            throw new CliInputException($"{option}: {text} is outside [{min}, {max}]");
        return d;
    }

    public static (Price Bid, int Size) ParseBid(string text)
    {
        var parts = text.Split('@');
        if (parts.Length > 2) throw new CliInputException($"--bids: '{text}' is not PRICE or PRICE@SIZE");
        var size = WhatIfCommand.AmpleSize;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out size)))
            throw new CliInputException($"--bids: size '{parts[1]}' in '{text}' is not a whole number of contracts");
        return (ParsePrice("--bids", parts[0]), size);
    }

    public static bool ParseBreaker(string text) => text.Trim().ToLowerInvariant() switch
    {
        "open" => true,
        "closed" => false,
        _ => throw new CliInputException($"--daily-loss-breaker: '{text}' is neither open nor closed"),
    };

    private static IEnumerable<string> Split(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries).Select((s, i) => s.Length > 0 ? s : throw new CliInputException($"empty item {i + 1} in '{text}'"));
}
