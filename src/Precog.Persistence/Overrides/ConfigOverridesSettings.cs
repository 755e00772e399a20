using Akka.Configuration;
using Precog.Configuration;

namespace Precog.Persistence.Overrides;

/// <summary>How the node follows config_overrides: the <c>precog.config-overrides</c> section of hocon/precog.conf.</summary>
public sealed record ConfigOverridesSettings(TimeSpan PollInterval)
{
    public const string Section = "precog.config-overrides";

    /// <summary>The coded defaults; a test keeps hocon/precog.conf equal to them.</summary>
    public static ConfigOverridesSettings Default { get; } = new(PollInterval: TimeSpan.FromSeconds(30));

    public static ConfigOverridesSettings Bind(Config config) =>
        new(new SettingsReader(config, Section).Duration("poll-interval"));
}
