using System.Security.Cryptography;

namespace Precog.Testing.FakeKalshi;

/// <summary>A test's Kalshi key as a node reads it: a PKCS#8 PEM file made 0600 from the start, named by the environment.</summary>
public static class KalshiKeyFile
{
    /// <summary>Writes <paramref name="key"/> to <paramref name="path"/> once (an existing file is kept) and returns the node's environment.</summary>
    public static Dictionary<string, string> Environment(RSA key, string keyId, string path)
    {
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // 0600 from the start
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }
        return new() { ["PRECOG_KALSHI_KEY_ID"] = keyId, ["PRECOG_KALSHI_KEY_FILE"] = path };
    }
}
