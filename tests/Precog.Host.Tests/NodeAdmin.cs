using System.Net.Http.Headers;

namespace Precog.Host.Tests;

/// <summary>A node's admin API as the tests reach it: the URL and the read token the node wrote into its data folder.</summary>
internal static class NodeAdmin
{
    public static async Task<HttpClient> ReadClientAsync(string dataDir, TimeSpan? timeout = null)
    {
        var url = new Uri((await File.ReadAllTextAsync(Path.Combine(dataDir, "admin.url"))).Trim());
        var read = (await File.ReadAllLinesAsync(Path.Combine(dataDir, "admin.token"))).Single(l => l.StartsWith("read=", StringComparison.Ordinal))["read=".Length..];
        var http = new HttpClient { BaseAddress = url };
        if (timeout is { } t) http.Timeout = t;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", read);
        return http;
    }
}
