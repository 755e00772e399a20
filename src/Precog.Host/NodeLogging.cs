using Serilog;
using Serilog.Events;

namespace Precog.Host;

/// <summary>Serilog for the node: console and a daily rolling file; Akka's own logging is routed into it.</summary>
public static class NodeLogging
{
    public static ILogger Create(string logDirectory) =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(Path.Combine(logDirectory, "precog-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14)
            .CreateLogger();
}
