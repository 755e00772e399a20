using Precog.Actors;

namespace Precog.Actors.Tests;

public class TopicsTests
{
    [Fact]
    public void Market_topics_name_the_platform_and_ticker_so_two_venues_never_share_one()
    {
        Assert.NotEqual(Topics.Market("kalshi", "KX-1"), Topics.Market("polymarket", "KX-1"));
        Assert.Equal("market:kalshi:KX-1", Topics.Market("kalshi", "KX-1"));
    }
}
