using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Precog.Host.Admin;
using Serilog;

namespace Precog.Host.Dashboard;

/// <summary>
/// The live dashboard on the admin API's host and port, under /dashboard: a login that takes an admin token once
/// (form or ?token=) and answers with an HttpOnly, SameSite=Strict session cookie; the page and its assets (embedded
/// in this assembly: no build step, nothing fetched from elsewhere); and /dashboard/events, the Server-Sent Events
/// stream of <see cref="DashboardFeed"/>. The page's own calls to /api/* carry the cookie, which this middleware turns
/// back into the session's bearer token before the admin API's guard sees the request: read and write stay the
/// guard's decision. A cookie-borne POST must also carry the X-Precog-Dashboard header, which a page of another origin
/// cannot send without a CORS preflight this node never grants.
/// </summary>
public static class DashboardMiddleware
{
    public const string Path = "/dashboard";
    public const string CsrfHeader = "X-Precog-Dashboard";

    public static IServiceCollection AddPrecogDashboard(this IServiceCollection services) => services
        .AddSingleton<DashboardSessions>()
        .AddSingleton<DashboardFeed>()
        .AddHostedService(p => p.GetRequiredService<DashboardFeed>());

    /// <summary>Serves /dashboard and lets the page's cookie stand for its token on /api/*; everything else passes on untouched.</summary>
    public static IApplicationBuilder UsePrecogDashboard(this IApplicationBuilder app)
    {
        var sessions = app.ApplicationServices.GetRequiredService<DashboardSessions>();
        var feed = app.ApplicationServices.GetRequiredService<DashboardFeed>();
        return app.Use(async (ctx, next) =>
        {
            var path = ctx.Request.Path;
            if (path.Value is "/" or "" && HttpMethods.IsGet(ctx.Request.Method))
            {
                ctx.Response.Redirect(Path);
                return;
            }
            if (path.StartsWithSegments(Path, out var rest))
            {
                await ServeAsync(ctx, rest.Value ?? "", sessions, feed);
                return;
            }
            if (path.StartsWithSegments("/api") && ctx.Request.Headers.Authorization.Count == 0
                && sessions.Find(ctx.Request.Cookies[CookieName(ctx)]) is { } session)
            {
                if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method) && ctx.Request.Headers[CsrfHeader] != "1")
                {
                    await Results.Json(new ErrorView($"a dashboard change must carry the {CsrfHeader} header"), AdminApi.Json, statusCode: 403).ExecuteAsync(ctx);
                    return;
                }
                ctx.Request.Headers.Authorization = session.Authorization;
            }
            await next(ctx);
        });
    }

    /// <summary>One cookie per node: browsers share cookies between ports of one host, and two nodes must not log each other out.</summary>
    public static string CookieName(HttpContext ctx) => $"precog_dashboard_{ctx.Connection.LocalPort}";

    private static async Task ServeAsync(HttpContext ctx, string rest, DashboardSessions sessions, DashboardFeed feed)
    {
        var headers = ctx.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY"; // no page of another origin frames the trip buttons
        headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        if (rest.StartsWith("/assets/", StringComparison.Ordinal) && HttpMethods.IsGet(ctx.Request.Method))
        {
            await AssetAsync(ctx, rest["/assets/".Length..]);
            return;
        }
        var session = sessions.Find(ctx.Request.Cookies[CookieName(ctx)]);
        switch (rest)
        {
            case "/login" when HttpMethods.IsPost(ctx.Request.Method):
                var form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync(ctx.RequestAborted) : null;
                await LogInAsync(ctx, sessions, form?["token"].ToString());
                return;
            case "/logout" when HttpMethods.IsPost(ctx.Request.Method):
                sessions.LogOut(ctx.Request.Cookies[CookieName(ctx)]);
                ctx.Response.Cookies.Delete(CookieName(ctx), new CookieOptions { Path = "/" });
                ctx.Response.Redirect(Path, permanent: false);
                return;
            case "" or "/" when HttpMethods.IsGet(ctx.Request.Method):
                if (ctx.Request.Query.ContainsKey("token"))
                {
                    await LogInAsync(ctx, sessions, ctx.Request.Query["token"].ToString()); // the token leaves the address bar at once
                    return;
                }
                if (session is null) await LoginPageAsync(ctx, null, 200);
                else await AssetAsync(ctx, "index.html");
                return;
            case "/events" when HttpMethods.IsGet(ctx.Request.Method):
                if (session is null)
                {
                    await Results.Json(new ErrorView("log in to the dashboard first"), AdminApi.Json, statusCode: 401).ExecuteAsync(ctx);
                    return;
                }
                await feed.StreamAsync(ctx, session.Scope);
                return;
            default:
                await Results.Json(new ErrorView($"{ctx.Request.Method} {ctx.Request.Path} is not part of the dashboard"), AdminApi.Json, statusCode: 404).ExecuteAsync(ctx);
                return;
        }
    }

    private static async Task LogInAsync(HttpContext ctx, DashboardSessions sessions, string? token)
    {
        if (sessions.LogIn(token) is not { } session)
        {
            // as the admin API's guard does: whether a token came, never the token
            Log.Warning("Dashboard refused a login from {Remote}: {Why}", ctx.Connection.RemoteIpAddress,
                string.IsNullOrWhiteSpace(token) ? "no token" : "a token that is neither the read nor the write token");
            await LoginPageAsync(ctx, "That is neither the read nor the write token of this node.", 401);
            return;
        }
        Log.Information("Dashboard login from {Remote} with the {Scope} token", ctx.Connection.RemoteIpAddress, session.Scope.ToString().ToLowerInvariant());
        ctx.Response.Cookies.Append(CookieName(ctx), session.Id,
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true, Secure = ctx.Request.IsHttps });
        ctx.Response.Redirect(Path, permanent: false);
    }

    private static async Task LoginPageAsync(HttpContext ctx, string? error, int status)
    {
        var page = Encoding.UTF8.GetString(Asset("login.html") ?? throw new InvalidOperationException("the dashboard's login.html is not embedded"));
        page = page.Replace("{{error}}", error is null ? "" : System.Net.WebUtility.HtmlEncode(error), StringComparison.Ordinal);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        await ctx.Response.WriteAsync(page, ctx.RequestAborted);
    }

    private static async Task AssetAsync(HttpContext ctx, string name)
    {
        if (Asset(name) is not { } bytes)
        {
            await Results.Json(new ErrorView($"no dashboard asset {name}"), AdminApi.Json, statusCode: 404).ExecuteAsync(ctx);
            return;
        }
        ctx.Response.ContentType = System.IO.Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".png" => "image/png",
            _ => "text/plain; charset=utf-8",
        };
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    private static readonly Assembly Self = typeof(DashboardMiddleware).Assembly;
    private static readonly Dictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    /// <summary>An embedded file of Dashboard/wwwroot by its path there (names are the build's, never the request's: no way out of the folder).</summary>
    public static byte[]? Asset(string name)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(name, out var cached)) return cached;
            using var stream = Self.GetManifestResourceStream($"dashboard/{name}");
            byte[]? bytes = null;
            if (stream is not null)
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            if (bytes is not null || Cache.Count < 64) Cache[name] = bytes; // unknown names are not remembered without bound
            return bytes;
        }
    }
}
