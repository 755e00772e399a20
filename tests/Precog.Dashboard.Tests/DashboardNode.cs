using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using Precog.Host.Tests;

namespace Precog.Dashboard.Tests;

/// <summary>
/// A simulated node playing two games of the scripted day at 60x the wall clock (a game's three hours in three
/// minutes, so positions stay open while the page is watched), kept up, and Debian's chromium driven by Playwright's
/// own driver (shipped in its package: nothing downloaded). Shared by the dashboard's tests.
/// </summary>
public sealed class DashboardNode : IAsyncLifetime
{
    /// <summary>Where chromium is: PRECOG_TEST_CHROMIUM (scripts/chromium.sh sets it), else Debian's path.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("PRECOG_TEST_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? Missing => ChromiumPath == "none" ? "scripts/chromium.sh could not install Debian's chromium (its reason is in scripts/test.sh's output)"
        : File.Exists(ChromiumPath) ? null
        : $"chromium is not installed at {ChromiumPath} (scripts/chromium.sh installs Debian's package)";

    /// <summary>Screenshots land here: TestResults/dashboard at the repository's root (or PRECOG_TEST_ARTIFACTS).</summary>
    public static string Artifacts { get; } = Environment.GetEnvironmentVariable("PRECOG_TEST_ARTIFACTS") is { Length: > 0 } a ? a
        : Path.Combine(Repository(), "TestResults", "dashboard");

    private readonly string _dir = Directory.CreateTempSubdirectory("precog-dashboard-").FullName;
    private string Data => Path.Combine(_dir, "data");
    public NodeProcess Node { get; private set; } = null!;
    public Uri Url { get; private set; } = null!;
    public string ReadToken { get; private set; } = "";
    public string WriteToken { get; private set; } = "";
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Missing is not null) return; // each test skips, naming why
        Directory.CreateDirectory(Artifacts);
        Node = NodeProcess.Start("--data-dir", Data, "--games", "2", "--seed", "5", "--speed", "60", "--keep-up");
        await Node.WaitForLineAsync("Dashboard: open http://127.0.0.1:", TimeSpan.FromSeconds(60));
        // logged once admin.url is written; the dashboard's line races it (both wait for the server's start)
        await Node.WaitForLineAsync("Admin API listening on http://127.0.0.1:", TimeSpan.FromSeconds(60));
        Url = new Uri((await File.ReadAllTextAsync(Path.Combine(Data, "admin.url"))).Trim());
        var tokens = (await File.ReadAllLinesAsync(Path.Combine(Data, "admin.token"))).Where(l => l.Contains('=', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        (ReadToken, WriteToken) = (tokens["read"], tokens["write"]);
        Api = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(20) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadToken);

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        // the flags this machine needs (its network is closed: no background connections, no QUIC, no component updates)
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) at this size, logged in to the dashboard with the token.</summary>
    public async Task<IPage> LogInAsync(string token, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Url, "/dashboard").ToString());
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#positions");
        return page;
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (Missing is null)
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
            Api.Dispose();
            Node.Terminate();
            await Node.ExitCodeAsync(TimeSpan.FromSeconds(30));
            await Node.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Precog.sln"))) return dir.FullName;
        return Path.GetTempPath();
    }
}
