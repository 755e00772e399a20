using Precog.Actors.Gateway;

namespace Precog.Actors.Tests.Gateway;

public class TokenBucketTests
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 7, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_bucket_starts_full_refills_by_the_clock_and_never_holds_more_than_its_capacity()
    {
        var bucket = new TokenBucket(new TokenBucketSettings(Capacity: 100, RefillPerSecond: 100), T0);

        Assert.True(bucket.TryTake(100, T0));
        Assert.False(bucket.TryTake(10, T0));
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.TimeUntil(10, T0));
        Assert.False(bucket.TryTake(10, T0.AddMilliseconds(99)));
        Assert.True(bucket.TryTake(10, T0.AddMilliseconds(100)));
        Assert.Equal(100m, bucket.Tokens(T0.AddMinutes(5)));
    }

    [Fact]
    public void Settings_whose_bucket_cannot_hold_one_call_are_refused()
    {
        var settings = ExchangeGatewaySettings.Default with { Write = new TokenBucketSettings(5, 5) };
        Assert.Throws<ArgumentException>(() => settings.Validated());
        Assert.Same(ExchangeGatewaySettings.Default, ExchangeGatewaySettings.Default.Validated());
    }
}
