using Precog.Domain.Versions;

namespace Precog.Domain.Tests.Versions;

public class VersionTests
{
    private static ComponentVersion Strategy(VersionStatus status = VersionStatus.Draft) =>
        new(VersionKind.Strategy, "halftime_entry", VersionNumber.Parse("v1.0"), "entry", FrozenConfig.Parse("""{"min_lead": 7, "max_spread": 0.08}"""), status);

    [Theory]
    [InlineData("v1.0", 1, 0)]
    [InlineData("v2.13", 2, 13)]
    [InlineData("v0.1", 0, 1)]
    public void Versions_parse_from_vX_Y(string text, int major, int minor)
    {
        var v = VersionNumber.Parse(text);
        Assert.Equal((major, minor), (v.Major, v.Minor));
        Assert.Equal(text, v.ToString());
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1")]
    [InlineData("v1.0.1")]
    [InlineData("v01.0")]
    [InlineData("V1.0")]
    [InlineData("")]
    public void Anything_but_vX_Y_is_refused_naming_the_text(string text)
    {
        var e = Assert.Throws<FormatException>(() => VersionNumber.Parse(text));
        Assert.Contains($"'{text}'", e.Message);
    }

    [Fact]
    public void Versions_order_by_major_then_minor()
    {
        var ordered = new[] { "v2.0", "v1.10", "v1.2", "v10.0" }.Select(VersionNumber.Parse).Order().Select(v => v.ToString());
        Assert.Equal(["v1.2", "v1.10", "v2.0", "v10.0"], ordered);
    }

    [Fact]
    public void Equal_configs_written_differently_freeze_to_the_same_text_and_hash()
    {
        var a = FrozenConfig.Parse("""{"b": {"y": 1, "x": [2, {"q": 1, "p": 0}]}, "a": 0.25}""");
        var b = FrozenConfig.Parse("""{ "a": 0.25, "b": { "x": [2, {"p": 0, "q": 1}], "y": 1 } }""");

        Assert.Equal(a, b);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal("""{"a":0.25,"b":{"x":[2,{"p":0,"q":1}],"y":1}}""", a.Json);
        Assert.NotEqual(a.Hash, FrozenConfig.Parse("""{"a": 0.26}""").Hash);
    }

    [Fact]
    public void Changing_what_was_read_from_a_config_does_not_change_the_config()
    {
        var version = Strategy();
        var read = version.Config.Read();
        read["min_lead"] = 99;

        Assert.Equal(7, version.Config.Read()["min_lead"]!.GetValue<int>());
    }

    [Fact]
    public void A_config_that_is_not_a_json_object_is_refused()
    {
        Assert.Throws<FormatException>(() => FrozenConfig.Parse("[1, 2]"));
        Assert.Throws<FormatException>(() => FrozenConfig.Parse("{ nope"));
    }

    [Fact]
    public void A_strategy_walks_draft_testing_active_inactive_active_deprecated()
    {
        var v = Strategy()
            .WithStatus(VersionStatus.Testing)
            .WithStatus(VersionStatus.Active)
            .WithStatus(VersionStatus.Inactive)
            .WithStatus(VersionStatus.Active)
            .WithStatus(VersionStatus.Deprecated);

        Assert.Equal(VersionStatus.Deprecated, v.Status);
        Assert.Equal(Strategy().Config, v.Config);
    }

    [Fact]
    public void Nothing_leaves_deprecated_and_the_error_names_the_version_and_both_statuses()
    {
        var dead = Strategy(VersionStatus.Deprecated);
        var e = Assert.Throws<VersionTransitionException>(() => dead.WithStatus(VersionStatus.Active));
        Assert.Equal("strategy halftime_entry v1.0 cannot go from deprecated to active", e.Message);
    }

    [Theory]
    [InlineData(VersionKind.Model, VersionStatus.Draft, VersionStatus.Training, true)]
    [InlineData(VersionKind.Model, VersionStatus.Training, VersionStatus.Validating, true)]
    [InlineData(VersionKind.Model, VersionStatus.Validating, VersionStatus.Active, true)]
    [InlineData(VersionKind.Model, VersionStatus.Draft, VersionStatus.Active, false)]
    [InlineData(VersionKind.Model, VersionStatus.Active, VersionStatus.Inactive, false)]
    [InlineData(VersionKind.Method, VersionStatus.Testing, VersionStatus.Active, true)]
    [InlineData(VersionKind.Method, VersionStatus.Active, VersionStatus.Testing, false)]
    [InlineData(VersionKind.Strategy, VersionStatus.Active, VersionStatus.Testing, false)]
    [InlineData(VersionKind.Strategy, VersionStatus.Draft, VersionStatus.Active, false)]
    [InlineData(VersionKind.Strategy, VersionStatus.Deprecated, VersionStatus.Deprecated, false)]
    public void Each_kind_follows_its_own_lifecycle(VersionKind kind, VersionStatus from, VersionStatus to, bool allowed)
    {
        Assert.Equal(allowed, VersionLifecycle.IsAllowed(kind, from, to));
    }

    [Fact]
    public void A_status_outside_the_kinds_lifecycle_is_refused_at_creation()
    {
        Assert.Throws<VersionTransitionException>(() =>
            new ComponentVersion(VersionKind.Method, "m", VersionNumber.Parse("v1.0"), "method", FrozenConfig.Parse("{}"), VersionStatus.Inactive));
    }

    [Fact]
    public void Metrics_change_without_touching_status_or_config_and_a_new_config_needs_a_higher_version()
    {
        var v = Strategy(VersionStatus.Active).WithMetric("paper_roi", 0.15m).WithMetric("paper_trades_count", 42m);
        Assert.Equal(0.15m, v.Metrics["paper_roi"]);
        Assert.Equal(VersionStatus.Active, v.Status);

        var next = v.Successor(VersionNumber.Parse("v1.1"), FrozenConfig.Parse("""{"min_lead": 10, "max_spread": 0.08}"""));
        Assert.Equal((VersionStatus.Draft, "halftime_entry v1.1"), (next.Status, next.Label));
        Assert.Empty(next.Metrics);
        Assert.Throws<ArgumentException>(() => v.Successor(VersionNumber.Parse("v1.0"), FrozenConfig.Parse("{}")));
    }
}
