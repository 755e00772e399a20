using Precog.Configuration;
using Precog.Persistence.Overrides;

namespace Precog.Persistence.Tests.Overrides;

public class ConfigOverridesSettingsTests
{
    [Fact]
    public void Shipped_precog_conf_equals_the_coded_poll_interval()
    {
        Assert.Equal(ConfigOverridesSettings.Default, ConfigOverridesSettings.Bind(PrecogConfig.Defaults));
    }

    [Fact]
    public void A_poll_interval_without_a_unit_is_refused_with_the_key_named()
    {
        var config = PrecogConfig.Compose((HoconText.Parse("precog.config-overrides.poll-interval = 30", "test"), "test"));

        var e = Assert.Throws<SettingsException>(() => ConfigOverridesSettings.Bind(config));

        Assert.Contains("precog.config-overrides.poll-interval = '30' is not a duration", e.Message);
    }
}
