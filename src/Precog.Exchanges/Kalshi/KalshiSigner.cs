using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Precog.Exchanges.Kalshi;

/// <summary>A Kalshi key file that cannot be used; the message names the file and never any of its content.</summary>
public sealed class KalshiKeyException(string message) : Exception(message);

/// <summary>
/// Signs Kalshi requests (PROTOCOLS.md §1.2): RSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt over
/// <c>timestamp + METHOD + path</c>, the path with <c>/trade-api/v2</c> and without its query. Holds the private key
/// and never shows it: not in <see cref="ToString"/>, not in any exception.
/// </summary>
public sealed class KalshiSigner : IDisposable
{
    private readonly RSA _key;

    private KalshiSigner(string keyId, RSA key)
    {
        KeyId = keyId;
        _key = key;
    }

    /// <summary>The API key id (a UUID): the KALSHI-ACCESS-KEY header. Logs show only <see cref="MaskedKeyId"/>: the id names the account's key to anyone who holds the private key too.</summary>
    public string KeyId { get; }

    /// <summary>
    /// Loads a PEM private key (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY"). On Unix a file that its group or
    /// others may read is refused before it is opened: a key others can read is a key that may have leaked.
    /// </summary>
    public static KalshiSigner FromKeyFile(string keyId, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new KalshiKeyException($"Kalshi key file {full} does not exist");
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(full);
            const UnixFileMode open = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                      | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & open) != 0)
                throw new KalshiKeyException(
                    $"Kalshi key file {full} has mode {Octal(mode)}: its group or others may read it; make it readable by its owner only (chmod 600)");
        }
        string pem;
        try
        {
            pem = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KalshiKeyException($"Kalshi key file {full} cannot be read: {e.GetType().Name}");
        }
        return FromPem(keyId, pem, full);
    }

    /// <summary>A signer from PEM text (tests, or a key held in memory); <paramref name="source"/> names it in errors.</summary>
    public static KalshiSigner FromPem(string keyId, string pem, string source = "the given PEM text")
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            if (rsa.KeySize < 2048) throw new KalshiKeyException($"Kalshi key in {source} is {rsa.KeySize} bits; 2048 at least");
            // a public key imports without complaint but cannot sign: refuse it now, not at the first order
            rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            // the inner exception is dropped on purpose: parser messages may quote the text they choked on
            throw new KalshiKeyException($"Kalshi key in {source} is not an RSA private key in PEM (PKCS#1 or PKCS#8)");
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
        return new KalshiSigner(keyId, rsa);
    }

    /// <summary>The message Kalshi verifies: timestamp (ms), upper-case method, path without query.</summary>
    public static string Message(long timestampMs, string method, string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        return timestampMs.ToString(CultureInfo.InvariantCulture) + method.ToUpperInvariant() + path;
    }

    /// <summary>The KALSHI-ACCESS-SIGNATURE value: padded base64 of the PSS signature (randomized, so never compared as bytes).</summary>
    public string Sign(long timestampMs, string method, string pathAndQuery) =>
        Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(Message(timestampMs, method, pathAndQuery)), HashAlgorithmName.SHA256, RSASignaturePadding.Pss));

    public override string ToString() => $"KalshiSigner(key id {MaskedKeyId})";

    /// <summary>The key id as logs may show it: its last four characters, enough to tell two keys apart, not to use one.</summary>
    public string MaskedKeyId => Mask(KeyId);

    public static string Mask(string keyId) => keyId.Length <= 8 ? "****" : $"****{keyId[^4..]}";

    public void Dispose() => _key.Dispose();

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
