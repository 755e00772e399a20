using System.Security.Cryptography;
using System.Text;
using Precog.Configuration;

namespace Precog.Host.Admin;

/// <summary>What a request may do: read (every GET) or write (every POST, which also reads).</summary>
public enum AdminScope { None, Read, Write }

/// <summary>
/// The admin API's two bearer tokens, kept in a file only the node's user can read (mode 0600). Created with fresh
/// random tokens at first start; read as it is afterwards, so an operator can rotate them by editing or deleting the
/// file and restarting. The tokens are never logged and never part of an exception's message.
/// </summary>
public sealed class AdminTokens
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly byte[] _read;
    private readonly byte[] _write;

    private AdminTokens(string read, string write)
    {
        _read = Encoding.UTF8.GetBytes(read);
        _write = Encoding.UTF8.GetBytes(write);
    }

    /// <summary>Reads the token file, creating it (mode 0600, no window where it is readable by others) when missing.</summary>
    public static AdminTokens LoadOrCreate(string file, out bool created)
    {
        created = false;
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            var text = $"# Precog admin API tokens: keep this file private (mode 0600).\nread={NewToken()}\nwrite={NewToken()}\n";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
            using (var stream = new FileStream(file, options))
                stream.Write(Encoding.UTF8.GetBytes(text));
            created = true;
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & ~OwnerOnly & ~UnixFileMode.UserExecute) != 0)
            throw new SettingsException($"the admin token file {file} can be read by other users (mode {Octal(File.GetUnixFileMode(file))}): chmod 600 it");

        var tokens = Parse(File.ReadAllLines(file));
        if (tokens.GetValueOrDefault("read") is not { Length: >= 16 } read || tokens.GetValueOrDefault("write") is not { Length: >= 16 } write)
            throw new SettingsException($"the admin token file {file} needs a 'read=' and a 'write=' line, each a token of at least 16 characters");
        if (read == write) throw new SettingsException($"the admin token file {file} holds the same token for read and write");
        return new AdminTokens(read, write);
    }

    /// <summary>The scope an Authorization header grants; None for a missing, malformed or unknown token. Compared in constant time.</summary>
    public AdminScope ScopeOf(string? authorization)
    {
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return AdminScope.None;
        var given = Encoding.UTF8.GetBytes(authorization[bearer.Length..].Trim());
        if (CryptographicOperations.FixedTimeEquals(given, _write)) return AdminScope.Write;
        if (CryptographicOperations.FixedTimeEquals(given, _read)) return AdminScope.Read;
        return AdminScope.None;
    }

    /// <summary>The file's name=value lines (comments and blanks skipped).</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> lines)
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) tokens[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        return tokens;
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
