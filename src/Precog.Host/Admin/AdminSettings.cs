using System.Net;
using Precog.Configuration;

namespace Precog.Host.Admin;

/// <summary>Where the admin API listens, where its tokens live, and how long it waits for an actor (precog.admin).</summary>
public sealed record AdminSettings(IPAddress Address, int Port, string TokenFile, TimeSpan AskTimeout)
{
    public const string Section = "precog.admin";
    public const string UrlFileName = "admin.url";
    public const string TokenFileName = "admin.token";

    /// <summary>The file the node writes its URL to once it listens, for the CLI to find.</summary>
    public static string UrlFile(string dataDirectory) => Path.Combine(dataDirectory, UrlFileName);

    /// <param name="dataDirectory">DATA-DIR: the default token file lives in it.</param>
    public static AdminSettings Bind(Akka.Configuration.Config config, string dataDirectory)
    {
        var r = new SettingsReader(config, Section);
        var text = r.Text("address");
        if (!IPAddress.TryParse(text, out var address))
            throw new SettingsException($"{r.Key("address")} = '{text}' is not an IP address (e.g. 127.0.0.1)");
        var port = r.Int("port", 0, 65_535);
        var file = r.Text("token-file");
        return new AdminSettings(address, port, file.Length == 0 ? Path.Combine(dataDirectory, TokenFileName) : Path.GetFullPath(file), r.Duration("ask-timeout"));
    }
}
