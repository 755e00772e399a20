using System.Text.Json;
using System.Text.Json.Nodes;
using Precog.Exchanges.Espn;
using Precog.Exchanges.Kalshi;
using Precog.Testing.FakeFeeds;
using Xunit.Abstractions;

namespace Precog.Reliability.Tests;

/// <summary>
/// Issue 11, bad input: thousands of seeded mutations of the recorded Kalshi and ESPN answers (../shared/fixtures)
/// through the parsers the clients use. Every mutation either reads into the port's types (whose constructors keep
/// prices in [0, 1] and counts whole and non-negative) or is refused with an exception the client turns into a typed
/// "malformed response" error; nothing else escapes (no NullReferenceException, OverflowException, IndexOutOfRange...),
/// and nothing hangs.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private const int MutationsPerTarget = 600, EspnMutationsPerFixture = 250;

    private static JsonNode Body(string folder, string file, int interaction = 0) =>
        JsonNode.Parse(RecordedFixture.ResponseBody(SharedData.Path("fixtures", folder, file), interaction))!;

    /// <summary>What the Kalshi client reads from each recorded answer, as its list walker and single reads do.</summary>
    private static IEnumerable<(string Name, JsonNode Body, Action<JsonElement> Read)> KalshiTargets()
    {
        static Action<JsonElement> Each(string field, Action<JsonElement> read) => body =>
        {
            // as KalshiExchange.Pages: an array of items, or refused naming the field
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(field, out var items) || items.ValueKind != JsonValueKind.Array)
                throw new KalshiFormatException(field, "is missing");
            foreach (var item in items.EnumerateArray()) read(item);
        };
        yield return ("markets", Body("kalshi", "kalshi_get_markets.json"), Each("markets", m => KalshiWire.Market(m)));
        yield return ("markets (updated)", Body("kalshi", "cli_markets_updated.json"), Each("markets", m => KalshiWire.Market(m)));
        yield return ("fills", Body("kalshi", "kalshi_get_fills.json"), Each("fills", f => KalshiWire.Fill(f)));
        yield return ("positions", Body("kalshi", "kalshi_get_positions.json"), Each("market_positions", p => KalshiWire.Position(p)));
        yield return ("settlements", Body("kalshi", "cli_settlements_with_data.json"), Each("settlements", s => KalshiWire.Settlement(s)));
        yield return ("balance", Body("kalshi", "kalshi_get_balance.json"), b => KalshiWire.Balance(b));
        for (var i = 1; i <= 3; i++)
            yield return ($"order {i}", Body("kalshi", "kalshi_order_lifecycle.json", i), b => KalshiWire.Order(KalshiWire.Member(b, "order")));
    }

    /// <summary>What the Kalshi client's Map turns into ExchangeMalformedResponseException (as field "body" unless it is a KalshiFormatException); anything else would escape it.</summary>
    private static bool Refusal(Exception e) => e is FormatException or ArgumentException or KeyNotFoundException or InvalidOperationException;

    [Fact]
    public void Mutated_kalshi_answers_read_or_are_refused_naming_the_field_and_nothing_else_escapes()
    {
        var (tried, read, named, refused) = (0, 0, 0, 0);
        var (escaped, unnamed) = (new List<string>(), new List<string>());
        foreach (var (name, body, parse) in KalshiTargets())
        {
            var mutator = new JsonMutator(seed: name.GetHashCode(StringComparison.Ordinal) & 0x7fff ^ 11);
            parse(JsonSerializer.SerializeToElement(body)); // the recorded answer itself reads
            for (var i = 0; i < MutationsPerTarget; i++)
            {
                var (copy, mutation) = mutator.Mutate(body);
                tried++;
                try
                {
                    parse(JsonSerializer.SerializeToElement(copy));
                    read++;
                }
                catch (KalshiFormatException e)
                {
                    named++;
                    Assert.Contains("field '", e.Message);
                }
                catch (Exception e) when (Refusal(e))
                {
                    refused++; // the client would say "body", not which field: counted as a failure below
                    unnamed.Add($"{name}: {mutation}: {e.GetType().Name}: {e.Message}");
                }
                catch (Exception e)
                {
                    escaped.Add($"{name}: {mutation}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        output.WriteLine($"{tried} mutations: {read} read, {named} refused naming the field, {refused} refused by the client's catch-all (\"body\")");
        FuzzAssert.None(escaped, "mutations escaped the client's error mapping");
        FuzzAssert.None(unnamed, "refusals do not name the field");
        Assert.True(named > tried / 10, $"only {named} of {tried} mutations were refused: the mutations miss the fields that matter");
    }

    [Fact]
    public void Mutated_espn_scoreboards_parse_or_are_refused_with_a_scoreboard_error_and_nothing_else_escapes()
    {
        var (tried, read, refused, skipped) = (0, 0, 0, 0);
        var escaped = new List<string>();
        foreach (var (file, league) in new[] { ("espn_nfl_scoreboard.json", EspnLeague.Nfl), ("espn_nfl_live_games.json", EspnLeague.Nfl),
                     ("espn_ncaaf_scoreboard.json", EspnLeague.CollegeFootball), ("espn_nba_scoreboard.json", EspnLeague.Nba) })
        {
            var body = Body("espn", file);
            var mutator = new JsonMutator(seed: file.Length * 7919);
            for (var i = 0; i < EspnMutationsPerFixture; i++)
            {
                var (copy, mutation) = mutator.Mutate(body);
                tried++;
                try
                {
                    var board = EspnScoreboardParser.Parse(copy.ToJsonString(), league, DateTimeOffset.UnixEpoch);
                    read++;
                    skipped += board.Errors.Count;
                    foreach (var error in board.Errors) // a skipped event says which field of which event
                        if (string.IsNullOrEmpty(error.Field) || string.IsNullOrEmpty(error.Problem)) escaped.Add($"{file}: {mutation}: an event error without its field");
                }
                catch (EspnScoreboardException)
                {
                    refused++;
                }
                catch (Exception e)
                {
                    escaped.Add($"{file}: {mutation}: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        output.WriteLine($"{tried} mutations: {read} parsed ({skipped} malformed events skipped, each naming its field), {refused} refused whole");
        // a scoreboard is mostly logos and links the parser never reads: a few percent of the mutations reach its fields
        Assert.True(skipped > tried / 50, $"only {skipped} events of {tried} mutations were skipped: the mutations miss the fields that matter");
        FuzzAssert.None(escaped, "mutations escaped the parser");
    }
}
