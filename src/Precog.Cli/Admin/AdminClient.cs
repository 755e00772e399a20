using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Precog.Cli;

/// <summary>A call to a node's admin API that failed: one line for stderr and the exit code (2 for a request the node called bad, else 1).</summary>
public sealed class AdminCallException(string message, int exitCode = PrecogCli.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Where the node is and which token to show it: --node or DATA-DIR/admin.url, --token-file or DATA-DIR/admin.token.</summary>
public sealed record AdminTarget(Uri Node, string TokenFile)
{
    public static AdminTarget Resolve(string? node, string? tokenFile, string dataDir)
    {
        Uri? url;
        if (node is not null)
        {
            if (!Uri.TryCreate(node, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
                throw new CliInputException($"--node {node} is not an http:// URL");
        }
        else
        {
            var file = Path.Combine(dataDir, "admin.url");
            if (!File.Exists(file))
                throw new AdminCallException($"no node found: {Path.GetFullPath(file)} does not exist (is the node running with --data-dir {dataDir}? or give --node URL)");
            var text = File.ReadAllText(file).Trim();
            if (!Uri.TryCreate(text, UriKind.Absolute, out url))
                throw new AdminCallException($"{Path.GetFullPath(file)} does not hold a URL");
        }
        return new AdminTarget(url, tokenFile ?? Path.Combine(dataDir, "admin.token"));
    }
}

/// <summary>
/// The admin API over HTTP, synchronously (a verb is one request): sends the token of the scope the call needs,
/// and turns every failure into one <see cref="AdminCallException"/> line. The token is never part of a message.
/// </summary>
public sealed class AdminClient(AdminTarget target)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public JsonElement Get(string path) => Send(HttpMethod.Get, path, null, write: false);

    public JsonElement Post(string path, object? body) => Send(HttpMethod.Post, path, body, write: true);

    private JsonElement Send(HttpMethod method, string path, object? body, bool write)
    {
        var token = Token(write);
        using var http = new HttpClient { Timeout = Timeout };
        using var request = new HttpRequestMessage(method, new Uri(target.Node, path));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = http.Send(request);
        }
        catch (HttpRequestException e)
        {
            throw new AdminCallException($"node unreachable at {target.Node}: {e.Message}");
        }
        catch (TaskCanceledException)
        {
            throw new AdminCallException($"node at {target.Node} did not answer {method} {path} within {Timeout.TotalSeconds:0} s");
        }
        using (response)
        {
            using var reader = new StreamReader(response.Content.ReadAsStream());
            var text = reader.ReadToEnd();
            JsonElement? json = null;
            try
            {
                if (text.Length > 0) json = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                // not JSON: the status line speaks instead
            }
            if (response.IsSuccessStatusCode && json is { } ok) return ok;
            var error = json is { ValueKind: JsonValueKind.Object } e2 && e2.TryGetProperty("error", out var m) ? m.GetString() : null;
            var code = (int)response.StatusCode;
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new AdminCallException($"the node refused the token from {target.TokenFile} (401){(token is null ? ": the file holds none" : "")}"),
                HttpStatusCode.Forbidden => new AdminCallException($"the node refused: {error ?? "forbidden"} (403; {target.TokenFile} holds no write token)"),
                HttpStatusCode.GatewayTimeout => new AdminCallException($"the node timed out: {error ?? "an actor did not answer"} (504)"),
                HttpStatusCode.BadRequest => new AdminCallException($"{error ?? "bad request"} (400)", PrecogCli.BadInput),
                _ => new AdminCallException($"{error ?? response.ReasonPhrase ?? "failed"} ({code})"),
            };
        }
    }

    /// <summary>The write token for a write, the read token for a read, whichever the file has when it lacks that one (the node then says 403).</summary>
    private string? Token(bool write)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(target.TokenFile);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliInputException($"--token-file: {target.TokenFile} does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliInputException($"--token-file: {target.TokenFile} cannot be read by this user");
        }
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var bare = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && line[..eq].Trim() is "read" or "write") named[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            else bare.Add(line);
        }
        var (first, second) = write ? ("write", "read") : ("read", "write");
        return named.GetValueOrDefault(first) ?? named.GetValueOrDefault(second) ?? bare.FirstOrDefault();
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
