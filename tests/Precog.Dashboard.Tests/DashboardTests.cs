using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Precog.Dashboard.Tests;

/// <summary>The dashboard in a real browser against a real node playing the scripted game day.</summary>
public sealed class DashboardTests(DashboardNode node, ITestOutputHelper output) : IClassFixture<DashboardNode>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [SkippableFact]
    public async Task Positions_appear_and_their_pnl_moves_without_a_reload_and_a_breaker_tripped_from_the_page_stops_entries_until_reset()
    {
        Skip.If(DashboardNode.Missing is not null, DashboardNode.Missing);
        var page = await node.LogInAsync(node.WriteToken);
        var elsewhere = new List<string>();
        page.Context.Request += (_, r) =>
        {
            if (new Uri(r.Url) is { Scheme: "http" or "https" } u && u.Host != "127.0.0.1") lock (elsewhere) elsewhere.Add(r.Url);
        };

        // logged in once: the browser holds a random session id in an HttpOnly cookie, never the token
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name.StartsWith("precog_dashboard_", StringComparison.Ordinal));
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(node.WriteToken, cookie.Value + page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#scope")).ToHaveTextAsync("write token");
        await page.EvaluateAsync("() => { window.sameDocument = 'never reloaded'; }");

        // positions of the game day appear, each with its sparkline, and their P&L moves while the page just watches
        await page.WaitForSelectorAsync("#positions tbody tr", new() { Timeout = (float)Patience.TotalMilliseconds });
        var before = await PnlsAsync(page);
        var known = (await node.GetAsync("/api/positions")).EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToHashSet();
        Assert.All(before.Keys, id => Assert.Contains(id, known)); // the rows are the node's positions
        await Eventually.Holds(async () =>
        {
            var now = await PnlsAsync(page);
            return now.Any(p => before.TryGetValue(p.Key, out var was) && was != p.Value);
        }, Patience);
        Assert.Equal("never reloaded", await page.EvaluateAsync<string>("() => window.sameDocument"));
        Assert.True(await page.Locator("#positions tbody tr .spark canvas").CountAsync() > 0, "a sparkline is drawn per open position");
        Assert.True(await page.Locator("#pnl-chart canvas").CountAsync() > 0, "the day's P&L chart is drawn");
        await Assertions.Expect(page.Locator("#pnl-totals")).ToContainTextAsync("nfl_value v1.1"); // every version, one without positions at zero
        await Assertions.Expect(page.Locator("#edges")).ToContainTextAsync(" @ "); // edges with their games' scores
        await Assertions.Expect(page.Locator("#cluster")).ToContainTextAsync("(this node)");
        await Assertions.Expect(page.Locator("#cluster")).ToContainTextAsync("roles: trading");
        await Assertions.Expect(page.Locator("#cluster")).ToContainTextAsync(new Regex(@"markets [1-9]\d* \([1-9]\d* entities\)"),
            new() { Timeout = 15_000 }); // the shards this node hosts, as the cluster's sharding reports them
        await AssertFitsAsync(page, 1280);
        await ScreenshotAsync(page, "dashboard-1280x800.png");
        await page.ReloadAsync(); // the page and its charting library, loaded again with the request log listening
        await page.WaitForSelectorAsync("#pnl-chart canvas");
        lock (elsewhere) Assert.Empty(elsewhere); // everything the page needs comes from the node

        // a page without the dashboard's header cannot change anything, even with the cookie (another origin cannot send it)
        var forged = await page.EvaluateAsync<int>("async () => (await fetch('/api/killswitch', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ state: 'on' }) })).status");
        Assert.Equal(403, forged);

        // trip a breaker from the page: the page shows it open and entries blocked, and so does the risk manager's board
        await page.SelectOptionAsync("#trip-kind", "consecutive_losses");
        await page.FillAsync("#trip-scope", "global");
        await page.FillAsync("#trip-reason", "browser test");
        await page.ClickAsync("#trip");
        await page.WaitForSelectorAsync("tr[data-breaker='consecutive_losses/global'] .status-open", new() { Timeout = 15_000 });
        await page.WaitForSelectorAsync("#entries.bad", new() { Timeout = 15_000 });
        Assert.Contains("consecutive_losses/global", await page.TextContentAsync("#entries"));
        var board = await node.GetAsync("/api/breakers");
        Assert.False(board.GetProperty("entries").GetProperty("allowed").GetBoolean());
        Assert.Contains("consecutive_losses/global", board.GetProperty("entries").GetProperty("blocked_by").EnumerateArray().Select(b => b.GetString()));
        var breaker = board.GetProperty("breakers").EnumerateArray().Single(b => b.GetProperty("id").GetString() == "consecutive_losses/global");
        Assert.Contains("browser test", breaker.GetProperty("reason").GetString());
        var trippedAt = breaker.GetProperty("since").GetDateTimeOffset();

        // the node refuses entries: ten minutes of the games go by on its clock and no position opens
        await Eventually.Holds(async () => await ClockAsync(page) >= trippedAt.AddMinutes(10), Patience);
        var opened = (await node.GetAsync("/api/positions")).EnumerateArray()
            .Where(p => p.GetProperty("opened_at").GetDateTimeOffset() > trippedAt).Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Empty(opened);
        await ScreenshotAsync(page, "dashboard-breaker-tripped.png");

        // the trip raised an alert; acknowledging it on the page acknowledges it on the node
        var alert = page.Locator("#alerts li", new() { HasText = "consecutive_losses/global" }).First;
        var alertId = await alert.GetAttributeAsync("data-alert");
        await alert.Locator("button").ClickAsync();
        await Eventually.Holds(async () => (await node.GetAsync("/api/alerts")).EnumerateArray()
            .Any(a => a.GetProperty("id").GetString() == alertId && a.GetProperty("status").GetString() == "acknowledged"), Patience);
        await Assertions.Expect(page.Locator($"#alerts li[data-alert='{alertId}']")).ToContainTextAsync("acknowledged by dashboard");

        // reset from the page: entries are allowed again
        await page.ClickAsync("tr[data-breaker='consecutive_losses/global'] button");
        await page.WaitForSelectorAsync("#entries.ok", new() { Timeout = 15_000 });
        Assert.True((await node.GetAsync("/api/breakers")).GetProperty("entries").GetProperty("allowed").GetBoolean());
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task At_phone_width_the_read_token_watches_without_horizontal_scrolling_and_cannot_trip()
    {
        Skip.If(DashboardNode.Missing is not null, DashboardNode.Missing);
        var page = await node.LogInAsync(node.ReadToken, 390, 844);

        await Assertions.Expect(page.Locator("#scope")).ToHaveTextAsync("read token");
        Assert.False(await page.IsVisibleAsync("#trip-form"), "the read token gets no trip form");
        await page.WaitForSelectorAsync("#positions tbody tr", new() { Timeout = (float)Patience.TotalMilliseconds });
        await AssertFitsAsync(page, 390);
        await ScreenshotAsync(page, "dashboard-390x844.png");

        // and the node, not only the page, refuses a change made with the read token's session
        var refused = await page.EvaluateAsync<string>("""
            async () => { const r = await fetch('/api/breakers/manual/global/trip', { method: 'POST',
              headers: { 'Content-Type': 'application/json', 'X-Precog-Dashboard': '1' }, body: JSON.stringify({ reason: 'read token' }) });
              return r.status + ' ' + (await r.json()).error; }
            """);
        Assert.StartsWith("403 ", refused);
        Assert.Contains("needs the write token", refused);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task A_wrong_token_gets_the_login_again_with_an_error_and_no_cookie_and_the_events_need_a_login()
    {
        Skip.If(DashboardNode.Missing is not null, DashboardNode.Missing);
        var context = await node.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(node.Url, "/dashboard").ToString());
        await page.FillAsync("#token", "not-a-token-of-this-node-0123456789");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Url.EndsWith("/dashboard/login", StringComparison.Ordinal));

        Assert.Equal(401, answer.Status);
        Assert.Contains("neither the read nor the write token", await page.TextContentAsync(".error"));
        Assert.Empty(await context.CookiesAsync());
        var events = await page.EvaluateAsync<int>("async () => (await fetch('/dashboard/events')).status");
        Assert.Equal(401, events);
        var licence = await page.EvaluateAsync<string>("async () => (await fetch('/dashboard/assets/vendor/uPlot.LICENSE')).text()");
        Assert.Contains("The MIT License", licence); // the vendored library's licence ships with it
        Assert.DoesNotContain("not-a-token-of-this-node", node.Node.Out + node.Node.Err, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    /// <summary>Each open position's row: its id and the P&amp;L text shown.</summary>
    private static async Task<Dictionary<string, string>> PnlsAsync(IPage page) =>
        (await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('#positions tbody tr')].map(r => [r.dataset.id, r.querySelector('.pnl').textContent])"))
        .ToDictionary(r => r[0], r => r[1]);

    /// <summary>The node's clock as the page last drew it.</summary>
    private static async Task<DateTimeOffset> ClockAsync(IPage page) =>
        DateTimeOffset.Parse(await page.EvaluateAsync<string>("() => window.precogDashboard.last.at"), CultureInfo.InvariantCulture);

    /// <summary>Nothing wider than the window: no horizontal scrolling of the page.</summary>
    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var (scroll, client) = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]") switch { var a => (a[0], a[1]) };
        Assert.True(scroll <= client && client <= width, $"the page is {scroll} px wide in a {client} px window");
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var file = Path.Combine(DashboardNode.Artifacts, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        output.WriteLine($"screenshot: {file}");
    }
}
