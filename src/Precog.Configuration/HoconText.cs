using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Precog.Configuration;

/// <summary>
/// Parses HOCON text strictly. Akka's parser silently accepts an unterminated object, array or string,
/// so the text is first checked for balance; the error then names the source and the line.
/// </summary>
public static class HoconText
{
    public static Config Parse(string text, string source)
    {
        CheckBalanced(text, source);
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is FormatException or ConfigurationException)
        {
            throw new SettingsException($"{source}: not valid HOCON: {FirstLine(e.Message)}");
        }
    }

    public static Config Load(string path)
    {
        if (!File.Exists(path))
            throw new SettingsException($"configuration file '{path}' does not exist");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Every leaf path of a configuration, e.g. precog.trading.entry.min-edge.</summary>
    public static IEnumerable<string> LeafPaths(Config config)
    {
        if (config.IsEmpty) return [];
        var paths = new List<string>();
        Walk(config.Root.GetObject(), "", paths);
        return paths;
    }

    private static void Walk(HoconObject node, string prefix, List<string> paths)
    {
        foreach (var (key, value) in node.Items)
        {
            var path = prefix + key;
            if (value.IsObject()) Walk(value.GetObject(), path + ".", paths);
            else paths.Add(path);
        }
    }

    private static void CheckBalanced(string text, string source)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') { line++; continue; }
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '"')
            {
                var start = line;
                i++;
                while (i < text.Length && text[i] != '"' && text[i] != '\n')
                    i += text[i] == '\\' ? 2 : 1;
                if (i >= text.Length || text[i] != '"')
                    throw new SettingsException($"{source}: line {start}: unterminated string");
                continue;
            }
            if (c is '{' or '[') open.Push((c, line));
            else if (c is '}' or ']')
            {
                var expected = c == '}' ? '{' : '[';
                if (open.Count == 0 || open.Peek().Bracket != expected)
                    throw new SettingsException($"{source}: line {line}: unexpected '{c}'");
                open.Pop();
            }
        }
        if (open.Count > 0)
        {
            var (bracket, at) = open.Peek();
            throw new SettingsException($"{source}: line {at}: '{bracket}' is never closed");
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
