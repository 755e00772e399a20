using System.IO.Compression;
using System.Text;
using Precog.Backtest.Tapes;
using Precog.Domain.Games;

namespace Precog.Backtest.Tests.Tapes;

public sealed class TapeFormatTests
{
    private static readonly DateTimeOffset T0 = new(2020, 9, 13, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<TapeEvent> Events() =>
    [
        new MarketListed(T0, "KXNFLGAME-20SEP13MIABUF-BUF", "KXNFLGAME-20SEP13MIABUF", "MIA at BUF: BUF wins?", T0.AddHours(9.5), "nfl", "g1"),
        new GameStateRecorded(T0, "nfl", "g1", "BUF", "MIA", 0, 0, "Q1", "15:00", GameStatus.Pregame, 1580.25, 1470.125, false),
        new BookSnapshotted(T0.AddHours(1), "KXNFLGAME-20SEP13MIABUF-BUF", [new(0.63m, 400), new(0.64m, 300)], [new(0.34m, 500)]),
        new TradeRecorded(T0.AddHours(1.5), "KXNFLGAME-20SEP13MIABUF-BUF", "t-881", 0.6345m, 12, "no"),
        new MarketStatusRecorded(T0.AddHours(2), "KXNFLGAME-20SEP13MIABUF-BUF", MarketStatusRecorded.Closed),
        new MarketStatusRecorded(T0.AddHours(2.5), "KXNFLGAME-20SEP13MIABUF-BUF", MarketStatusRecorded.Open),
        new MarketSettled(T0.AddHours(9.5), "KXNFLGAME-20SEP13MIABUF-BUF", 0.5m),
        new GameStateRecorded(T0.AddHours(9.5), "nfl", "g1", "BUF", "MIA", 20, 20, "Q4", "00:00", GameStatus.Final, 1580.25, 1470.125, false),
    ];

    [Fact]
    public void A_tape_reads_back_exactly_what_was_written()
    {
        var header = new TapeHeader(1, "test", T0, T0.AddHours(9.5), "synthetic prices");
        using var stream = new MemoryStream();
        TapeWriter.Write(stream, header, Events());
        stream.Position = 0;

        var tape = TapeReader.Read(stream, "mem");

        Assert.Equal(header, tape.Header);
        Assert.Equal(Events().Count, tape.Events.Count);
        for (var i = 0; i < Events().Count; i++)
        {
            if (Events()[i] is BookSnapshotted b)
            {
                var read = Assert.IsType<BookSnapshotted>(tape.Events[i]);
                Assert.Equal(b.YesBids, read.YesBids);
                Assert.Equal(b.NoBids, read.NoBids);
                Assert.Equal(b with { YesBids = read.YesBids, NoBids = read.NoBids }, read);
            }
            else Assert.Equal(Events()[i], tape.Events[i]);
        }
    }

    [Fact]
    public void The_same_events_always_give_the_same_bytes()
    {
        var header = new TapeHeader(1, "test", T0, T0.AddHours(9.5), null);
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        TapeWriter.Write(a, header, Events());
        TapeWriter.Write(b, header, Events());
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Theory]
    [InlineData("{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"book\",\"ticker\":\"X-Y\",\"yes_bids\":[[0.5,10]]}", 3, "no_bids", "is missing")]
    [InlineData("{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"book\",\"ticker\":\"X-Y\",\"yes_bids\":[[1.5,10]],\"no_bids\":[]}", 3, "yes_bids[0]", "whole cent")]
    [InlineData("{\"t\":\"yesterday\",\"kind\":\"market_settled\",\"ticker\":\"X-Y\",\"yes_payout\":1}", 3, "t", "is not a UTC time")]
    [InlineData("{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"market_settled\",\"ticker\":\"X-Y\",\"yes_payout\":0.7}", 3, "yes_payout", "is not 0, 0.5 or 1")]
    [InlineData("{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"quote\"}", 3, "kind", "'quote' is not one of")]
    [InlineData("{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"game\",\"league\":\"nfl\",\"game_id\":\"g\",\"home\":\"A\",\"away\":\"B\",\"home_score\":-3,\"away_score\":0,\"period\":\"Q1\",\"clock\":\"15:00\",\"status\":\"live\",\"neutral\":false}", 3, "home_score", "whole number")]
    [InlineData("{\"t\":\"2020-09-13T11:00:00.000Z\",\"kind\":\"market_settled\",\"ticker\":\"X-Y\",\"yes_payout\":1}", 3, "t", "earlier than the line before")]
    [InlineData("{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"trade\",\"ticker\":\"X-Y\",\"trade_id\":\"t1\",\"yes_price\":1.2,\"count\":3,\"taker_side\":\"yes\"}", 3, "yes_price", "is not a price in (0, 1)")]
    [InlineData("{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"trade\",\"ticker\":\"X-Y\",\"trade_id\":\"t1\",\"yes_price\":0.5,\"count\":0,\"taker_side\":\"yes\"}", 3, "count", "is not a whole number ≥ 1")]
    [InlineData("{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"trade\",\"ticker\":\"X-Y\",\"trade_id\":\"t1\",\"yes_price\":0.5,\"count\":2,\"taker_side\":\"buy\"}", 3, "taker_side", "'buy' is not one of yes, no")]
    [InlineData("{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"market_status\",\"ticker\":\"X-Y\",\"status\":\"settled\"}", 3, "status", "'settled' is not one of open, closed")]
    public void A_malformed_line_is_refused_with_its_line_number_and_field(string line, int number, string field, string why)
    {
        var good = "{\"t\":\"2020-09-13T12:00:00.000Z\",\"kind\":\"market_settled\",\"ticker\":\"A-B\",\"yes_payout\":1}";
        var text = "{\"tape\":\"precog\",\"schema\":1,\"source\":\"hand\",\"from\":\"2020-09-13T12:00:00.000Z\",\"to\":\"2020-09-13T12:00:00.000Z\"}\n" + good + "\n" + line + "\n";

        var e = Assert.Throws<TapeFormatException>(() => TapeReader.Read(Gzip(text), "t.tape"));

        Assert.StartsWith($"t.tape:{number}: field '{field}' ", e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_that_is_not_json_is_refused_with_its_line_number()
    {
        var text = "{\"tape\":\"precog\",\"schema\":1,\"source\":\"hand\",\"from\":\"2020-09-13T12:00:00.000Z\",\"to\":\"2020-09-13T12:00:00.000Z\"}\n{oops\n";
        var e = Assert.Throws<TapeFormatException>(() => TapeReader.Read(Gzip(text), "t.tape"));
        Assert.StartsWith("t.tape:2: not a JSON object", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tape_of_another_schema_is_refused_at_its_header()
    {
        var e = Assert.Throws<TapeFormatException>(() => TapeReader.Read(Gzip("{\"tape\":\"precog\",\"schema\":9,\"source\":\"x\",\"from\":\"2020-09-13T12:00:00.000Z\",\"to\":\"2020-09-13T12:00:00.000Z\"}\n"), "t.tape"));
        Assert.StartsWith("t.tape:1: field 'schema' is 9", e.Message, StringComparison.Ordinal);
    }

    private static MemoryStream Gzip(string text)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        stream.Position = 0;
        return stream;
    }
}
