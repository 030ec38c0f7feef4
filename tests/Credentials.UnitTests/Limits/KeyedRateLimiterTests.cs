using Credentials.Core.Limits;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.Limits;

public class KeyedRateLimiterTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void EachKeyHasItsOwnBucket()
    {
        using var limiter = new KeyedRateLimiter(clock);
        var policy = new RateLimitPolicy(PerSecond: 0.01, Burst: 2);

        Assert.Null(limiter.TryTake("a", policy));
        Assert.Null(limiter.TryTake("a", policy));
        var retryAfter = limiter.TryTake("a", policy);

        Assert.Equal(TimeSpan.FromSeconds(100), retryAfter);
        Assert.Null(limiter.TryTake("b", policy));
    }

    [Fact]
    public void ANewPolicyForAKeyStartsAFullBucket()
    {
        using var limiter = new KeyedRateLimiter(clock);
        Assert.Null(limiter.TryTake("key", new RateLimitPolicy(0.01, 1)));
        Assert.NotNull(limiter.TryTake("key", new RateLimitPolicy(0.01, 1)));

        Assert.Null(limiter.TryTake("key", new RateLimitPolicy(0.01, 5)));
    }

    [Fact]
    public async Task TakingAsyncWaitsWithinThePolicysWait()
    {
        using var limiter = new KeyedRateLimiter(clock);
        var policy = new RateLimitPolicy(PerSecond: 1, Burst: 1, MaxWait: TimeSpan.FromSeconds(2));
        Assert.Null(await limiter.TakeAsync("app", policy));

        var waiting = limiter.TakeAsync("app", policy).AsTask();
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await waiting);
    }
}
