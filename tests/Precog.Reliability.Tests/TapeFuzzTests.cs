using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Precog.Backtest.Tapes;
using Precog.Domain.Games;
using Xunit.Abstractions;

namespace Precog.Reliability.Tests;

/// <summary>
/// Issue 11, bad input: seeded mutations of a tape (every kind of line, the header included) and of its compressed
/// bytes through <see cref="TapeReader"/>. Each either reads or is refused with a <see cref="TapeFormatException"/>
/// naming the file and the line (and, for a line that is JSON, its field); nothing else escapes, nothing hangs.
/// </summary>
public sealed class TapeFuzzTests(ITestOutputHelper output)
{
    private const int LineMutations = 3000, ByteMutations = 400;
    private const string Name = "fuzz.tape";
    private static readonly DateTimeOffset T0 = new(2020, 9, 13, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A tape with a line of every kind, as the writer writes it, split into its lines.</summary>
    private static List<string> Lines()
    {
        const string ticker = "KXNFLGAME-20SEP13MIABUF-BUF";
        TapeEvent[] events =
        [
            new MarketListed(T0, ticker, "KXNFLGAME-20SEP13MIABUF", "MIA at BUF: BUF wins?", T0.AddHours(9.5), "nfl", "g1"),
            new GameStateRecorded(T0, "nfl", "g1", "BUF", "MIA", 0, 0, "Q1", "15:00", GameStatus.Pregame, 1580.25, 1470.125, false),
            new BookSnapshotted(T0.AddHours(1), ticker, [new(0.63m, 400), new(0.64m, 300)], [new(0.34m, 500)]),
            new TradeRecorded(T0.AddHours(1.5), ticker, "t-1", 0.6345m, 12, "no"),
            new MarketStatusRecorded(T0.AddHours(2), ticker, MarketStatusRecorded.Closed),
            new MarketStatusRecorded(T0.AddHours(2.5), ticker, MarketStatusRecorded.Open),
            new GameStateRecorded(T0.AddHours(3), "nfl", "g1", "BUF", "MIA", 7, 3, "Q2", "04:12", GameStatus.Live, null, null, false),
            new MarketSettled(T0.AddHours(9.5), ticker, 1m),
        ];
        using var stream = new MemoryStream();
        TapeWriter.Write(stream, new TapeHeader(TapeHeader.CurrentSchema, "fuzz", T0, T0.AddHours(9.5), "made by the fuzz test"), events);
        stream.Position = 0;
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static byte[] Gzip(IEnumerable<string> lines)
    {
        using var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return stream.ToArray();
    }

    /// <summary>What reading these bytes did: null when it read or was refused as it should be, else what escaped.</summary>
    private static string? Verdict(byte[] bytes, Func<TapeFormatException, bool> wellNamed, ref int read, ref int refused)
    {
        try
        {
            TapeReader.Read(new MemoryStream(bytes), Name);
            read++;
            return null;
        }
        catch (TapeFormatException e)
        {
            refused++;
            return wellNamed(e) ? null : $"refused without naming what: {e.Message}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    [Fact]
    public void Mutated_tape_lines_read_or_are_refused_naming_the_line_and_the_field()
    {
        var lines = Lines();
        Assert.Equal(lines.Count - 1, TapeReader.Read(new MemoryStream(Gzip(lines)), Name).Events.Count); // the tape itself reads
        var random = new Random(1107);
        var mutator = new JsonMutator(seed: 2311);
        var (read, refused) = (0, 0);
        var failures = new List<string>();
        for (var i = 0; i < LineMutations; i++)
        {
            var at = random.Next(lines.Count);
            var (copy, mutation) = mutator.Mutate(JsonNode.Parse(lines[at])!);
            var mutated = lines.ToList();
            mutated[at] = copy.ToJsonString();
            // a mutated line is named by its number and field; a time moved later makes the next line the one that goes back
            var failure = Verdict(Gzip(mutated), e =>
                (e.Message.StartsWith($"{Name}:{at + 1}: field '", StringComparison.Ordinal)
                 || (e.Message.StartsWith($"{Name}:{at + 2}: field 't' ", StringComparison.Ordinal) && e.Message.Contains("earlier than the line before", StringComparison.Ordinal))),
                ref read, ref refused);
            if (failure is not null) failures.Add($"line {at + 1}: {mutation}: {failure}");
        }
        output.WriteLine($"{LineMutations} line mutations: {read} read, {refused} refused naming the line and field");
        FuzzAssert.None(failures, "mutated lines escaped the reader or were refused without naming the line and field");
        Assert.True(refused > LineMutations / 3, $"only {refused} of {LineMutations} mutations were refused: the mutations miss the fields that matter");
    }

    [Fact]
    public void Damaged_tape_files_read_or_are_refused_as_tapes_and_nothing_else_escapes()
    {
        var bytes = Gzip(Lines());
        var random = new Random(4409);
        var (read, refused) = (0, 0);
        var failures = new List<string>();
        for (var i = 0; i < ByteMutations; i++)
        {
            var damaged = bytes.ToArray();
            string what;
            switch (i % 3)
            {
                case 0:
                    var cut = random.Next(damaged.Length);
                    damaged = damaged[..cut];
                    what = $"cut at byte {cut}";
                    break;
                case 1:
                    var at = random.Next(damaged.Length);
                    damaged[at] ^= (byte)(1 << random.Next(8));
                    what = $"bit flipped in byte {at}";
                    break;
                default:
                    var from = random.Next(10, damaged.Length);
                    random.NextBytes(damaged.AsSpan(from, Math.Min(16, damaged.Length - from)));
                    what = $"garbage from byte {from}";
                    break;
            }
            var failure = Verdict(damaged, e => e.Message.StartsWith($"{Name}", StringComparison.Ordinal), ref read, ref refused);
            if (failure is not null) failures.Add($"{what}: {failure}");
        }
        output.WriteLine($"{ByteMutations} damaged files: {read} read, {refused} refused as tapes");
        FuzzAssert.None(failures, "damaged tapes escaped the reader");
    }
}
