using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Precog.Domain.Games;

namespace Precog.Backtest.Tapes;

/// <summary>A tape as read: its header and its events in time order.</summary>
public sealed record Tape(TapeHeader Header, IReadOnlyList<TapeEvent> Events);

/// <summary>
/// Reads a tape written by <see cref="TapeWriter"/>. A line that is not JSON, lacks a field, has a field of the
/// wrong type or out of range, or goes back in time is refused with a <see cref="TapeFormatException"/> naming the
/// file, the line number and the field.
/// </summary>
public static class TapeReader
{
    public static Tape Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"tape '{path}' does not exist", path);
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    public static Tape Read(Stream input, string name)
    {
        using var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(gzip);
        var number = 0;
        string? text;
        try
        {
            text = reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            throw new TapeFormatException($"{name}: not a gzip-compressed tape ({e.Message})");
        }
        number++;
        if (text is null) throw new TapeFormatException($"{name}:1: the tape is empty (no header line)");
        var header = Parse(name, number, text, Header);
        var events = new List<TapeEvent>();
        var last = DateTimeOffset.MinValue;
        while ((text = NextLine(reader, name, number + 1)) is not null)
        {
            number++;
            if (text.Length == 0) continue;
            var e = Parse(name, number, text, Event);
            if (e.At < last) throw new TapeFormatException($"{name}:{number}: field 't' {TapeWriter.Time(e.At)} is earlier than the line before ({TapeWriter.Time(last)})");
            last = e.At;
            events.Add(e);
        }
        return new Tape(header, events);
    }

    /// <summary>The next line, or null at the end; compressed data damaged after the header is refused at the line it reaches.</summary>
    private static string? NextLine(StreamReader reader, string name, int number)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            throw new TapeFormatException($"{name}:{number}: the compressed tape is damaged here ({e.Message})");
        }
    }

    private static T Parse<T>(string name, int number, string text, Func<Line, T> read)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new TapeFormatException($"{name}:{number}: not a JSON object ({e.Message})");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new TapeFormatException($"{name}:{number}: not a JSON object");
            return read(new Line(name, number, doc.RootElement));
        }
    }

    private static TapeHeader Header(Line l)
    {
        if (l.Text("tape") != "precog") throw l.Bad("tape", "is not \"precog\" (the first line must be the tape's header)");
        var schema = l.Int("schema");
        if (schema != TapeHeader.CurrentSchema) throw l.Bad("schema", $"is {schema}; this reader reads schema {TapeHeader.CurrentSchema}");
        var from = l.Time("from");
        var to = l.Time("to");
        if (to < from) throw l.Bad("to", "is earlier than 'from'");
        return new TapeHeader(schema, l.Text("source"), from, to, l.OptionalText("note"));
    }

    private static TapeEvent Event(Line l)
    {
        var at = l.Time("t");
        return l.Text("kind") switch
        {
            "market_listed" => new MarketListed(at, l.Text("ticker"), l.Text("event_ticker"), l.Text("title"),
                l.OptionalText("expected_expiration") is null ? null : l.Time("expected_expiration"), l.OptionalText("league"), l.OptionalText("game_id")),
            "book" => new BookSnapshotted(at, l.Text("ticker"), l.Levels("yes_bids"), l.Levels("no_bids")),
            "game" => new GameStateRecorded(at, l.Text("league"), l.Text("game_id"), l.Text("home"), l.Text("away"), l.Int("home_score"), l.Int("away_score"),
                l.Text("period"), l.Text("clock"), l.Status("status"), l.OptionalDouble("home_elo"), l.OptionalDouble("away_elo"), l.Bool("neutral")),
            "market_settled" => new MarketSettled(at, l.Text("ticker"), l.Payout("yes_payout")),
            "trade" => new TradeRecorded(at, l.Text("ticker"), l.Text("trade_id"), l.TradedPrice("yes_price"), l.Positive("count"), l.OneOf("taker_side", "yes", "no")),
            "market_status" => new MarketStatusRecorded(at, l.Text("ticker"), l.OneOf("status", MarketStatusRecorded.Open, MarketStatusRecorded.Closed)),
            var other => throw l.Bad("kind", $"'{other}' is not one of market_listed, book, game, market_settled, trade, market_status"),
        };
    }

    private readonly record struct Line(string Name, int Number, JsonElement Root)
    {
        public TapeFormatException Bad(string field, string why) => new($"{Name}:{Number}: field '{field}' {why}");

        private JsonElement Field(string field) =>
            Root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? v : throw Bad(field, "is missing");

        public string Text(string field)
        {
            var v = Field(field);
            return v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : throw Bad(field, "is not a non-empty string");
        }

        public string? OptionalText(string field) => Root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? Text(field) : null;

        public int Int(string field)
        {
            var v = Field(field);
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= 0 ? i : throw Bad(field, $"is not a whole number ≥ 0 ({v.GetRawText()})");
        }

        public int Positive(string field)
        {
            var v = Field(field);
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i > 0 ? i : throw Bad(field, $"is not a whole number ≥ 1 ({v.GetRawText()})");
        }

        /// <summary>A traded price strictly between 0 and 1, to the ten-thousandth (a venue may print sub-cent prices).</summary>
        public decimal TradedPrice(string field)
        {
            var v = Field(field);
            return v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) && d is > 0m and < 1m && decimal.Round(d, 4) == d
                ? d : throw Bad(field, $"is not a price in (0, 1) to the ten-thousandth ({v.GetRawText()})");
        }

        public string OneOf(string field, params string[] allowed)
        {
            var s = Text(field);
            return allowed.Contains(s, StringComparer.Ordinal) ? s : throw Bad(field, $"'{s}' is not one of {string.Join(", ", allowed)}");
        }

        public bool Bool(string field)
        {
            var v = Field(field);
            return v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw Bad(field, "is not true or false") };
        }

        public double? OptionalDouble(string field)
        {
            if (!Root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : throw Bad(field, $"is not a number ({v.GetRawText()})");
        }

        public DateTimeOffset Time(string field)
        {
            var s = Text(field);
            return DateTimeOffset.TryParseExact(s, TapeWriter.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                ? t : throw Bad(field, $"'{s}' is not a UTC time like 2020-09-10T18:00:00.000Z");
        }

        public GameStatus Status(string field)
        {
            var s = Text(field);
            return Enum.TryParse<GameStatus>(s, ignoreCase: true, out var status) && !int.TryParse(s, CultureInfo.InvariantCulture, out _)
                ? status : throw Bad(field, $"'{s}' is not one of {string.Join(", ", Enum.GetNames<GameStatus>().Select(n => n.ToLowerInvariant()))}");
        }

        public decimal Payout(string field)
        {
            var v = Field(field);
            return v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) && d is 0m or 0.5m or 1m ? d : throw Bad(field, $"is not 0, 0.5 or 1 ({v.GetRawText()})");
        }

        public IReadOnlyList<TapeLevel> Levels(string field)
        {
            var v = Field(field);
            if (v.ValueKind != JsonValueKind.Array) throw Bad(field, "is not an array of [price, size] levels");
            var levels = new List<TapeLevel>();
            var i = 0;
            foreach (var level in v.EnumerateArray())
            {
                if (level.ValueKind != JsonValueKind.Array || level.GetArrayLength() != 2
                    || level[0].ValueKind != JsonValueKind.Number || level[1].ValueKind != JsonValueKind.Number
                    || !level[0].TryGetDecimal(out var price) || !level[1].TryGetInt32(out var size))
                    throw Bad($"{field}[{i}]", $"is not a [price, size] pair ({level.GetRawText()})");
                if (price is < 0.01m or > 0.99m || decimal.Round(price, 2) != price) throw Bad($"{field}[{i}]", $"price {price} is not a whole cent in [0.01, 0.99]");
                if (size < 0) throw Bad($"{field}[{i}]", $"size {size} is negative");
                levels.Add(new TapeLevel(price, size));
                i++;
            }
            return levels;
        }
    }
}
