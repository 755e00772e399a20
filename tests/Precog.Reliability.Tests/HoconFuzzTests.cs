using Precog.Configuration;
using Xunit.Abstractions;

namespace Precog.Reliability.Tests;

/// <summary>
/// Issue 11, bad input: seeded overrides of the shipped precog.conf, each setting one key of the trading section to a
/// wrong value or breaking the text itself, through the node's own path (parse, compose over the defaults, bind the
/// trading settings). Each either binds or is refused with a SettingsException naming the key or the file and line;
/// nothing else escapes.
/// </summary>
public sealed class HoconFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] BadValues =
    [
        "-1", "0", "-0.5", "1.5", "2", "100", "1e309", "99999999999999999999", "abc", "\"\"", "[]", "{}", "true", "null",
        "\"0.05\"", "10 parsecs", "-5s", "0s", "1000000d", "NaN", "[1, 2]", "{ a = 1 }",
    ];

    private static readonly Func<string, Random, string>[] Breakages =
    [
        (text, r) => text[..r.Next(1, text.Length)], // cut short
        (text, _) => text.Replace("=", "", StringComparison.Ordinal), // no assignments
        (text, _) => text + "\n}", // an unbalanced brace
        (text, _) => "{" + text, // an unterminated object
        (text, _) => text.Replace("\"", "", StringComparison.Ordinal) + " \"unterminated",
    ];

    [Fact]
    public void Wrong_values_and_broken_overrides_are_refused_naming_the_key_or_the_line_and_nothing_else_escapes()
    {
        var paths = HoconText.LeafPaths(PrecogConfig.Defaults).Where(p => p.StartsWith("precog.trading.", StringComparison.Ordinal)).ToList();
        Assert.True(paths.Count > 30, $"{paths.Count} trading keys");
        var random = new Random(11);
        var (tried, bound, named) = (0, 0, 0);
        var escaped = new List<string>();
        var unnamed = new List<string>();
        for (var i = 0; i < 2_000; i++)
        {
            var path = paths[random.Next(paths.Count)];
            var text = $"{path} = {BadValues[random.Next(BadValues.Length)]}\n";
            if (i % 5 == 4) text = Breakages[random.Next(Breakages.Length)](text, random);
            tried++;
            try
            {
                TradingSettingsBinder.Bind(PrecogConfig.Compose((HoconText.Parse(text, "fuzz.conf"), "fuzz.conf")));
                bound++;
            }
            catch (SettingsException e)
            {
                // the refusal says where: the key itself (or its section), or the file of a text that does not parse
                if (e.Message.Contains(path, StringComparison.Ordinal) || e.Message.Contains(path[..path.LastIndexOf('.')], StringComparison.Ordinal)
                    || e.Message.Contains("fuzz.conf", StringComparison.Ordinal)) named++;
                else unnamed.Add($"{text.Trim()} -> {e.Message}");
            }
            catch (Exception e)
            {
                escaped.Add($"{text.Trim()} -> {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"{tried} overrides: {bound} bound, {named} refused naming the key or the file, {unnamed.Count} refused without");
        FuzzAssert.None(escaped, "overrides escaped as other exceptions");
        FuzzAssert.None(unnamed, "refusals name neither the key nor the file");
        Assert.True(named > tried / 2, $"only {named} of {tried} wrong values were refused");
    }
}
