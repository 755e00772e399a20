using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Precog.Actors.Metrics;
using Precog.Host.Dashboard;
using Serilog;

namespace Precog.Host.Admin;

/// <summary>
/// The node's admin API (HTTP + JSON on Kestrel, 127.0.0.1 by default): every request but /healthz and /readyz carries
/// a bearer token from the token file; GETs need the read token (or the write one), POSTs the write token. The
/// Prometheus scrape (/metrics) is a GET like the others: it needs the read token. Answers
/// come from the live actors (<see cref="AdminEndpoints"/>); an actor that does not answer in time is a 504 naming it.
/// </summary>
public static class AdminApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // served as application/json, never into HTML
    };

    /// <summary>Binds Kestrel, loads (or creates) the tokens and maps the endpoints; a bad setting or token file stops the start.</summary>
    public static IWebHostBuilder UsePrecogAdmin(this IWebHostBuilder web, NodeSettings node, AdminSettings admin)
    {
        var tokens = AdminTokens.LoadOrCreate(admin.TokenFile, out var created);
        if (created) Log.Information("Admin API tokens created in {TokenFile} (mode 0600: a read and a write token)", admin.TokenFile);
        return web
            .UseKestrel(k => k.Listen(admin.Address, admin.Port))
            .ConfigureServices(s =>
            {
                s.AddRouting();
                s.AddSingleton(admin);
                s.AddSingleton(tokens);
                s.AddSingleton<NodeHealth>();
                s.AddSingleton<AdminEndpoints>();
                // the engine's meter (Precog.Actors.Metrics.PrecogMetrics), scraped at /metrics on this port
                // no response cache (the exporter's default keeps one 300 ms): one Prometheus scrapes a node, and a scrape
                // right after an operator's action shows it
                s.AddOpenTelemetry().WithMetrics(m => m.AddMeter(PrecogMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
                s.AddHostedService(p => new AdminUrlPublisher(p.GetRequiredService<IServer>(), p.GetRequiredService<IHostApplicationLifetime>(), node, admin));
                s.AddPrecogDashboard();
            })
            .Configure(app =>
            {
                app.UsePrecogDashboard(); // the page, and its cookie standing for its token on /api/* (src/Precog.Host/Dashboard)
                app.Use(Guard(tokens));
                app.UseRouting();
                app.UseEndpoints(e => AdminEndpoints.Map(e, e.ServiceProvider.GetRequiredService<AdminEndpoints>()));
            });
    }

    /// <summary>Authentication, scope, and the 504 of an actor that did not answer, around every request.</summary>
    private static Func<HttpContext, RequestDelegate, Task> Guard(AdminTokens tokens) => async (ctx, next) =>
    {
        var path = ctx.Request.Path.Value ?? "";
        if (path is not ("/healthz" or "/readyz"))
        {
            var header = ctx.Request.Headers.Authorization.ToString();
            var scope = tokens.ScopeOf(header.Length == 0 ? null : header);
            if (scope == AdminScope.None)
            {
                // the token itself is never logged: only whether one came
                Log.Warning("Admin API refused {Method} {Path} from {Remote}: {Why}", ctx.Request.Method, path, ctx.Connection.RemoteIpAddress,
                    header.Length == 0 ? "no bearer token" : "a token that is neither the read nor the write token");
                ctx.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Json(new ErrorView("a valid bearer token is required (see the node's admin token file)"), Json, statusCode: 401).ExecuteAsync(ctx);
                return;
            }
            var needs = HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method) ? AdminScope.Read : AdminScope.Write;
            if (scope < needs)
            {
                Log.Warning("Admin API refused {Method} {Path} from {Remote}: the read token cannot change anything", ctx.Request.Method, path, ctx.Connection.RemoteIpAddress);
                await Results.Json(new ErrorView($"{ctx.Request.Method} {path} needs the write token; this is the read token"), Json, statusCode: 403).ExecuteAsync(ctx);
                return;
            }
        }
        try
        {
            await next(ctx);
        }
        catch (ActorDidNotAnswerException e)
        {
            Log.Warning("Admin API {Method} {Path}: {Reason}", ctx.Request.Method, path, e.Message);
            await Results.Json(new ErrorView(e.Message, e.Actor), Json, statusCode: 504).ExecuteAsync(ctx);
        }
        catch (BadHttpRequestException e)
        {
            await Results.Json(new ErrorView(e.Message), Json, statusCode: 400).ExecuteAsync(ctx);
        }
    };
}

/// <summary>An actor asked by the admin API did not answer within the ask timeout.</summary>
public sealed class ActorDidNotAnswerException(string actor, TimeSpan timeout)
    : Exception($"the {actor} did not answer within {timeout.TotalSeconds:0.#} s")
{
    public string Actor { get; } = actor;
}

/// <summary>Once Kestrel listens: logs the URL it chose and writes it to DATA-DIR/admin.url for the CLI; removes the file at a clean stop.</summary>
public sealed class AdminUrlPublisher(IServer server, IHostApplicationLifetime lifetime, NodeSettings node, AdminSettings admin) : IHostedService
{
    private string? _url;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Publish);
        lifetime.ApplicationStopping.Register(Withdraw);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Publish()
    {
        _url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (_url is null)
        {
            Log.Error("Admin API: Kestrel reports no address; the CLI will not find this node without --node");
            return;
        }
        var file = AdminSettings.UrlFile(node.DataDirectory);
        var temp = file + ".tmp";
        File.WriteAllText(temp, _url + "\n");
        File.Move(temp, file, overwrite: true); // whole or not at all: a CLI never reads half a URL
        Log.Information("Admin API listening on {Url} (written to {UrlFile}; tokens in {TokenFile})", _url, file, admin.TokenFile);
        if (!System.Net.IPAddress.IsLoopback(admin.Address))
            Log.Warning("Admin API bound to {Address}, not loopback: anyone who reaches it and holds a token controls this node", admin.Address);
    }

    private void Withdraw()
    {
        var file = AdminSettings.UrlFile(node.DataDirectory);
        try
        {
            if (_url is not null && File.Exists(file) && File.ReadAllText(file).Trim() == _url) File.Delete(file);
        }
        catch (IOException e)
        {
            Log.Warning("Admin API: could not remove {UrlFile}: {Reason}", file, e.Message);
        }
    }
}
