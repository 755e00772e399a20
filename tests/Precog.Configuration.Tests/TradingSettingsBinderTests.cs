using System.Text.Json;
using Precog.Domain;
using Precog.Domain.Exits;

namespace Precog.Configuration.Tests;

public class TradingSettingsBinderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("precog-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string hocon)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, hocon);
        return path;
    }

    /// <summary>Structural form of the settings; decimals without trailing zeros (1.0 and 1 are the same setting).</summary>
    private static string Canonical(TradingSettings s) =>
        JsonSerializer.Serialize(s, new JsonSerializerOptions { Converters = { new NormalizedDecimal() } });

    private sealed class NormalizedDecimal : System.Text.Json.Serialization.JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type t, JsonSerializerOptions o) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions o) =>
            writer.WriteNumberValue(value / 1.0000000000000000000000000000m);
    }

    [Fact]
    public void Shipped_precog_conf_equals_the_defaults_of_the_trading_rules()
    {
        // The HOCON file documents every default; the records hold them in code. Neither may drift.
        Assert.Equal(Canonical(TradingSettings.Default), Canonical(PrecogConfig.LoadTrading()));
    }

    [Fact]
    public void An_override_file_changes_only_the_keys_it_names()
    {
        var path = Write("precog.trading.trailing-stop.activation = 0.20\nprecog.trading.exits.partial-exits-enabled = off");

        var s = PrecogConfig.LoadTrading(path);

        Assert.Equal(0.20m, s.TrailingStop.Activation);
        Assert.False(s.Exits.PartialExitsEnabled);
        Assert.Equal(TradingSettings.Default.TrailingStop.InitialDistance, s.TrailingStop.InitialDistance);
        Assert.Equal(TradingSettings.Default.Entry.MinEdge, s.Entry.MinEdge);
    }

    [Fact]
    public void Schedules_walks_and_stages_can_be_overridden()
    {
        var path = Write("""
            precog.trading {
              exits { partial-exit-thresholds = [0.10, 0.20, 0.30], partial-exit-shares = [0.3, 0.3, 0.3] }
              exit-execution.high { first-order = fair, first-wait = 2s, walks-cents = [], wait-per-walk = 0s, after-last-walk = give-up-and-alert }
            }
            """);

        var s = PrecogConfig.LoadTrading(path);

        Assert.Equal(3, s.Exits.PartialStages.Count);
        Assert.Equal(new PartialExitStage(0.30m, 0.3m), s.Exits.PartialStages[2]);
        Assert.Equal(LimitStyle.Fair, s.ExitExecution.High.FirstOrder);
        Assert.Empty(s.ExitExecution.High.WalksCents);
        Assert.Equal(AfterLastWalk.GiveUpAndAlert, s.ExitExecution.High.AfterLastWalk);
    }

    [Theory]
    [InlineData("precog.trading.entry.min-edge = 1.5", "precog.trading.entry.min-edge = 1.5 must lie in [0, 1]")]
    [InlineData("precog.trading.entry.min-edge = lots", "precog.trading.entry.min-edge = 'lots' is not a number")]
    [InlineData("precog.trading.entry.max-data-age = 30", "precog.trading.entry.max-data-age = '30' is not a duration")]
    [InlineData("precog.trading.exits.stop-loss.high = 0.15", "precog.trading.exits.stop-loss.high = 0.15 must lie in [-1, 0]")]
    [InlineData("precog.trading.exits.stop-los.high = -0.1", "unknown setting precog.trading.exits.stop-los.high")]
    [InlineData("precog.trading.exits.partial-exit-shares = [0.5]", "has 2 entries but precog.trading.exits.partial-exit-shares has 1")]
    [InlineData("precog.trading.exits.partial-exit-shares = [0.8, 0.5]", "add up to 1.3")]
    [InlineData("precog.trading.exits.partial-exit-thresholds = [0.25, 0.15]", "must be strictly increasing")]
    [InlineData("precog.trading.exit-execution.low.first-order = hopeful", "'hopeful' is not one of market, aggressive, fair, conservative")]
    [InlineData("precog.trading.exit-execution.low.walks-cents = 1.0", "must be a list")]
    [InlineData("precog.trading.trailing-stop.floor-distance = 0.09", "floor-distance (0.09) is above")]
    [InlineData("precog.trading.sizing.max-open-positions = 2.5", "max-open-positions = '2.5' is not a whole number")]
    [InlineData("precog.trading.exits = 1", "precog.trading.exits is a section of settings, not a value")]
    [InlineData("precog", "precog is a section of settings, not a value")]
    public void A_bad_value_is_refused_with_the_key_named(string hocon, string expected)
    {
        var e = Assert.Throws<SettingsException>(() => PrecogConfig.LoadTrading(Write(hocon)));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("precog.trading.entry {\n min-edge = 0.06\n", "line 1: '{' is never closed")]
    [InlineData("precog.trading.entry.min-edge = 0.06 }", "line 1: unexpected '}'")]
    [InlineData("a = 1\nb = \"open", "line 2: unterminated string")]
    public void Malformed_hocon_is_refused_with_the_line_named(string hocon, string expected)
    {
        var e = Assert.Throws<SettingsException>(() => PrecogConfig.LoadTrading(Write(hocon)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_missing_override_file_is_named()
    {
        var missing = Path.Combine(_dir, "nope.conf");
        var e = Assert.Throws<SettingsException>(() => PrecogConfig.LoadTrading(missing));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void An_override_over_a_composed_configuration_keeps_the_file_values_and_refuses_unknown_keys()
    {
        var file = Write("precog.trading.sizing.kelly-fraction = 0.5");
        var composed = PrecogConfig.Compose((HoconText.Load(file), file));

        var s = TradingSettingsBinder.Bind(PrecogConfig.ComposeOver(composed, (HoconText.Parse("precog.trading.entry.min-edge = 0.08", "row"), "row")));
        var e = Assert.Throws<SettingsException>(() =>
            PrecogConfig.ComposeOver(composed, (HoconText.Parse("precog.trading.entry.min-egde = 0.08", "row 7"), "row 7")));

        Assert.Equal(0.5m, s.Sizing.KellyFraction);
        Assert.Equal(0.08m, s.Entry.MinEdge);
        Assert.Equal("row 7: unknown setting precog.trading.entry.min-egde", e.Message);
    }

    [Fact]
    public void Keys_outside_precog_are_left_to_akka()
    {
        var s = PrecogConfig.LoadTrading(Write("akka.loglevel = DEBUG\nprecog.trading.fees.taker-rate = 0.05"));
        Assert.Equal(0.05m, s.Fees.TakerRate);
    }
}
