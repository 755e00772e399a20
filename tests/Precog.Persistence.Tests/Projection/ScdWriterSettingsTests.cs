using Precog.Configuration;
using Precog.Persistence.Projection;

namespace Precog.Persistence.Tests.Projection;

public class ScdWriterSettingsTests
{
    [Fact]
    public void Shipped_precog_conf_equals_the_coded_defaults()
    {
        Assert.Equal(ScdWriterSettings.Default, ScdWriterSettings.Bind(PrecogConfig.Defaults));
    }

    [Theory]
    [InlineData("precog.scd-writer.batch-size = 0", "precog.scd-writer.batch-size")]
    [InlineData("precog.scd-writer.poll-interval = 50", "precog.scd-writer.poll-interval = '50' is not a duration")]
    [InlineData("precog.scd-writer.retry-max = 10ms", "precog.scd-writer.retry-max")]
    [InlineData("precog.scd-writer.execution-environment = demo", "precog.scd-writer.execution-environment = 'demo' is not one of live, paper, backtest")]
    public void A_bad_setting_is_refused_with_its_key_named(string hocon, string expected)
    {
        var config = PrecogConfig.Compose((HoconText.Parse(hocon, "test"), "test"));

        var e = Assert.Throws<SettingsException>(() => ScdWriterSettings.Bind(config));

        Assert.Contains(expected, e.Message);
    }
}
