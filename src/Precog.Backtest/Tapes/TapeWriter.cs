using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Precog.Backtest.Tapes;

/// <summary>
/// Writes a tape: gzip-compressed JSON lines, the header first, then one event a line in time order. The same
/// header and events always give the same bytes.
/// </summary>
public static class TapeWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static void Write(string path, TapeHeader header, IEnumerable<TapeEvent> events)
    {
        using var file = File.Create(path);
        Write(file, header, events);
    }

    public static void Write(Stream output, TapeHeader header, IEnumerable<TapeEvent> events)
    {
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        using var line = new MemoryStream();
        Emit(gzip, line, w => Header(w, header));
        var last = DateTimeOffset.MinValue;
        foreach (var e in events)
        {
            if (e.At < last) throw new ArgumentException($"tape events must be in time order: {e.Kind} at {Time(e.At)} follows one at {Time(last)}");
            last = e.At;
            Emit(gzip, line, w => Event(w, e));
        }
    }

    /// <summary>Writes one JSON line (the object <paramref name="body"/> fills) to <paramref name="output"/>, through the reusable buffer <paramref name="line"/>.</summary>
    internal static void Emit(Stream output, MemoryStream line, Action<Utf8JsonWriter> body)
    {
        line.SetLength(0);
        using (var w = new Utf8JsonWriter(line))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        line.WriteByte((byte)'\n');
        output.Write(line.GetBuffer(), 0, (int)line.Length);
    }

    internal static void Header(Utf8JsonWriter w, TapeHeader header)
    {
        w.WriteString("tape", "precog");
        w.WriteNumber("schema", header.Schema);
        w.WriteString("source", header.Source);
        w.WriteString("from", Time(header.From));
        w.WriteString("to", Time(header.To));
        if (header.Note is { } note) w.WriteString("note", note);
    }

    internal static void Event(Utf8JsonWriter w, TapeEvent e)
    {
        w.WriteString("t", Time(e.At));
        w.WriteString("kind", e.Kind);
        switch (e)
        {
            case MarketListed m:
                w.WriteString("ticker", m.Ticker);
                w.WriteString("event_ticker", m.EventTicker);
                w.WriteString("title", m.Title);
                if (m.ExpectedExpiration is { } x) w.WriteString("expected_expiration", Time(x));
                if (m.League is { } league) w.WriteString("league", league);
                if (m.GameId is { } game) w.WriteString("game_id", game);
                break;
            case BookSnapshotted b:
                w.WriteString("ticker", b.Ticker);
                Levels(w, "yes_bids", b.YesBids);
                Levels(w, "no_bids", b.NoBids);
                break;
            case GameStateRecorded g:
                w.WriteString("league", g.League);
                w.WriteString("game_id", g.GameId);
                w.WriteString("home", g.Home);
                w.WriteString("away", g.Away);
                w.WriteNumber("home_score", g.HomeScore);
                w.WriteNumber("away_score", g.AwayScore);
                w.WriteString("period", g.Period);
                w.WriteString("clock", g.Clock);
                w.WriteString("status", g.Status.ToString().ToLowerInvariant());
                if (g.HomeElo is { } he) w.WriteNumber("home_elo", he);
                if (g.AwayElo is { } ae) w.WriteNumber("away_elo", ae);
                w.WriteBoolean("neutral", g.Neutral);
                break;
            case MarketSettled s:
                w.WriteString("ticker", s.Ticker);
                w.WriteNumber("yes_payout", s.YesPayout);
                break;
            case TradeRecorded t:
                w.WriteString("ticker", t.Ticker);
                w.WriteString("trade_id", t.TradeId);
                w.WriteNumber("yes_price", t.YesPrice);
                w.WriteNumber("count", t.Count);
                w.WriteString("taker_side", t.TakerSide);
                break;
            case MarketStatusRecorded m:
                w.WriteString("ticker", m.Ticker);
                w.WriteString("status", m.Status);
                break;
            default:
                throw new ArgumentException($"no tape line for {e.GetType().Name}");
        }
    }

    private static void Levels(Utf8JsonWriter w, string name, IReadOnlyList<TapeLevel> levels)
    {
        w.WriteStartArray(name);
        foreach (var l in levels)
        {
            w.WriteStartArray();
            w.WriteNumberValue(l.Price);
            w.WriteNumberValue(l.Size);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
