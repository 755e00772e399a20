using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Precog.Testing.FakeFeeds;
using Precog.Testing.FakeKalshi;

namespace Precog.Host.Tests;

/// <summary>
/// A fake Kalshi (REST and WebSocket) and a fake ESPN scoreboard on 127.0.0.1 for a node started with
/// <c>--exchange kalshi-demo</c>: the key generated here (never in the repository) and given through the environment, the
/// fakes' addresses through a configuration file, everything in a temporary folder removed at the end.
/// </summary>
public sealed class FakeVenues : IAsyncDisposable
{
    public const string KeyId = "3f1c2b9e-8d47-4f0a-9c55-7a1e2d6b4c80";

    private readonly RSA _key = RSA.Create(2048);

    private FakeVenues(string dir) => Directory = dir;

    public string Directory { get; }
    public FakeKalshiServer Kalshi { get; private set; } = null!;
    public FakeEspnServer Espn { get; private set; } = null!;

    public static async Task<FakeVenues> StartAsync(string name, FakeKalshiOptions? options = null)
    {
        var venues = new FakeVenues(System.IO.Directory.CreateTempSubdirectory($"precog-{name}-").FullName);
        venues.Kalshi = await FakeKalshiServer.StartAsync(options ?? FakeKalshiOptions.For(venues._key, KeyId));
        venues.Espn = await FakeEspnServer.StartAsync();
        return venues;
    }

    /// <summary>The options the fake verifies this key with; for a test that starts the fake with more of them.</summary>
    public FakeKalshiOptions Options => FakeKalshiOptions.For(_key, KeyId);

    /// <summary>The key's id and file through the environment, as an operator would (never on the command line).</summary>
    public Dictionary<string, string> Environment()
    {
        return KalshiKeyFile.Environment(_key, KeyId, Path.Combine(Directory, "kalshi-key.pem"));
    }

    /// <summary>
    /// The fakes' addresses, markets listed again every <paramref name="refresh"/>, ESPN polled every <paramref name="poll"/>,
    /// and any more HOCON (<paramref name="more"/>) after them.
    /// </summary>
    public string ConfigFile(string refresh = "1s", string poll = "1s", string more = "")
    {
        var path = Path.Combine(Directory, "precog.conf");
        File.WriteAllText(path, $$"""
            precog.kalshi {
              base-url = "{{Kalshi.BaseUrl}}"
              stream-url = "{{Kalshi.WebSocketUrl}}"
              market-refresh = {{refresh}}
            }
            precog.espn {
              scoreboard-url = "{{Espn.ScoreboardUrl}}"
              live-interval = {{poll}}
              idle-interval = {{poll}}
            }
            {{more}}
            """);
        return path;
    }

    /// <summary>A line of the private key's base64 body: it must appear in no output.</summary>
    public string KeyMaterial() => _key.ExportPkcs8PrivateKeyPem().Split('\n')[1].Trim();

    /// <summary>
    /// Issue 11's scan: neither the key id nor any line of the private key (PKCS#8 or PKCS#1 PEM body) is in the node's
    /// output or in any file it wrote under its data folder (logs, the SQLite database and its WAL, alerts, tapes),
    /// read while the node may still hold them open.
    /// </summary>
    public void AssertNoKeyMaterial(string dataDirectory, string output)
    {
        var secrets = _key.ExportPkcs8PrivateKeyPem().Split('\n').Concat(_key.ExportRSAPrivateKeyPem().Split('\n'))
            .Select(l => l.Trim()).Where(l => l.Length >= 32 && !l.StartsWith("-----", StringComparison.Ordinal)).Append(KeyId).Distinct().ToList();
        // the scan finds what it looks for: the key file given to the node holds it
        var keyFile = File.ReadAllText(Path.Combine(Directory, "kalshi-key.pem"));
        Assert.Contains(secrets, secret => keyFile.Contains(secret, StringComparison.Ordinal));
        var files = System.IO.Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var text = System.Text.Encoding.Latin1.GetString(memory.ToArray()); // byte for byte: a secret in any encoding-agnostic file
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{Path.GetRelativePath(dataDirectory, file)} holds key material ({secret[..8]}...)");
        }
        foreach (var secret in secrets)
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"the node's output holds key material ({secret[..8]}...)");
    }

    /// <summary>Whether the node has subscribed to the market's book on the fake's socket.</summary>
    public bool Subscribed(string ticker) =>
        Kalshi.SocketCommands.Any(c => c.Command.Contains("orderbook_delta", StringComparison.Ordinal) && c.Command.Contains(ticker, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Kalshi.DisposeAsync();
        await Espn.DisposeAsync();
        _key.Dispose();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
