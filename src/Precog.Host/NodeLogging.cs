using Precog.Host.Admin;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Precog.Host;

/// <summary>
/// Serilog for the node: console, a daily rolling file and the in-memory ring `precog log peek` reads; Akka's own
/// logging is routed into it. The minimum level is a switch `precog log level` turns while the node runs.
/// </summary>
public static class NodeLogging
{
    /// <summary>The node's level switch (one node per process).</summary>
    public static LoggingLevelSwitch Level { get; } = new(LogEventLevel.Information);

    /// <summary>The node's last log lines, for the admin API.</summary>
    public static LogRing Ring { get; } = new(LogRing.DefaultCapacity);

    public static ILogger Create(string logDirectory) =>
        new LoggerConfiguration()
            .MinimumLevel.ControlledBy(Level)
            // fixed, whatever the switch says: ASP.NET Core and HttpClient internals stay quiet at debug
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(Path.Combine(logDirectory, "precog-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14)
            .WriteTo.Sink(Ring)
            .CreateLogger();
}
