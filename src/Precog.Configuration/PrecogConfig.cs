using Akka.Configuration;
using Precog.Domain;

namespace Precog.Configuration;

/// <summary>
/// Precog's configuration: the shipped defaults (hocon/precog.conf, embedded) under optional overrides.
/// An override may only use keys the defaults know, so a misspelt key is an error and not ignored.
/// </summary>
public static class PrecogConfig
{
    private static readonly Lazy<Config> ShippedDefaults = new(() =>
    {
        using var stream = typeof(PrecogConfig).Assembly.GetManifestResourceStream("precog.conf")
            ?? throw new InvalidOperationException("precog.conf is not embedded in Precog.Configuration");
        using var reader = new StreamReader(stream);
        return HoconText.Parse(reader.ReadToEnd(), "hocon/precog.conf");
    });

    public static Config Defaults => ShippedDefaults.Value;

    /// <summary>The defaults overlaid with each override in turn (later ones win).</summary>
    public static Config Compose(params (Config Config, string Source)[] overrides) => ComposeOver(Defaults, overrides);

    /// <summary>
    /// An already composed configuration (the defaults under a --config file, say) overlaid with more overrides,
    /// checked exactly as <see cref="Compose"/> checks them (config_overrides rows go on top of the node's HOCON).
    /// </summary>
    public static Config ComposeOver(Config composed, params (Config Config, string Source)[] overrides)
    {
        var known = HoconText.LeafPaths(Defaults).ToHashSet(StringComparer.Ordinal);
        var result = composed;
        foreach (var (config, source) in overrides)
        {
            var unknown = HoconText.LeafPaths(config)
                .Where(p => p.StartsWith("precog.", StringComparison.Ordinal) && !known.Contains(p))
                .ToList();
            // a value where the defaults hold a section ("precog = 1", or a file cut short to "precog") would replace
            // every setting under it: refused here, naming it, rather than as the first missing key far below
            var sections = HoconText.LeafPaths(config).Where(p => known.Any(k => k.StartsWith(p + ".", StringComparison.Ordinal))).ToList();
            if (sections.Count > 0)
                throw new SettingsException($"{source}: {sections[0]} is a section of settings, not a value");
            if (unknown.Count > 0)
                throw new SettingsException($"{source}: unknown setting {unknown[0]}");
            result = config.WithFallback(result);
        }
        return result;
    }

    /// <summary>Trading settings from the defaults and an optional override file.</summary>
    public static TradingSettings LoadTrading(string? overrideFile = null) =>
        TradingSettingsBinder.Bind(overrideFile is null ? Defaults : Compose((HoconText.Load(overrideFile), overrideFile)));
}
