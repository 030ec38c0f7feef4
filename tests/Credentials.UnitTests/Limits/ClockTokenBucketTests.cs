using System.Threading.RateLimiting;
using Credentials.Core.Limits;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.Limits;

public class ClockTokenBucketTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void ABurstIsAllowedThenCallsWaitForTheRefillOfTheirToken()
    {
        using var bucket = new ClockTokenBucket(new RateLimitPolicy(PerSecond: 0.5, Burst: 3), clock);

        Assert.All(Enumerable.Range(0, 3), _ => Assert.True(bucket.AttemptAcquire().IsAcquired));
        using var refused = bucket.AttemptAcquire();

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
        clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(bucket.AttemptAcquire().IsAcquired);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(bucket.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void AskingWithZeroPermitsTakesNothing()
    {
        using var bucket = new ClockTokenBucket(new RateLimitPolicy(PerSecond: 1, Burst: 1), clock);

        Assert.True(bucket.AttemptAcquire(0).IsAcquired);
        Assert.True(bucket.AttemptAcquire(0).IsAcquired);
        Assert.True(bucket.AttemptAcquire().IsAcquired);
        Assert.False(bucket.AttemptAcquire(0).IsAcquired);
    }

    [Fact]
    public async Task AWaitingCallerReservesItsTokenAndGoesWhenItIsRefilled()
    {
        using var bucket = new ClockTokenBucket(new RateLimitPolicy(PerSecond: 1, Burst: 1, MaxWait: TimeSpan.FromSeconds(5)), clock);
        Assert.True(bucket.AttemptAcquire().IsAcquired);

        var first = bucket.AcquireAsync().AsTask();
        var second = bucket.AcquireAsync().AsTask();
        Assert.False(first.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await first).IsAcquired);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await second).IsAcquired);
    }

    [Fact]
    public async Task ACallerThatWouldWaitLongerThanAllowedIsRefusedAtOnce()
    {
        using var bucket = new ClockTokenBucket(new RateLimitPolicy(PerSecond: 0.1, Burst: 1, MaxWait: TimeSpan.FromSeconds(5)), clock);
        Assert.True(bucket.AttemptAcquire().IsAcquired);

        using var lease = await bucket.AcquireAsync();

        Assert.False(lease.IsAcquired);
        Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);
    }

    [Fact]
    public async Task ACancelledWaitGivesItsReservationBack()
    {
        using var bucket = new ClockTokenBucket(new RateLimitPolicy(PerSecond: 1, Burst: 1, MaxWait: TimeSpan.FromSeconds(5)), clock);
        Assert.True(bucket.AttemptAcquire().IsAcquired);
        using var cancel = new CancellationTokenSource();

        var waiting = bucket.AcquireAsync(1, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(bucket.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void ABucketIsIdleOnlyOnceItIsFullAgain()
    {
        using var bucket = new ClockTokenBucket(new RateLimitPolicy(PerSecond: 1, Burst: 2), clock);
        Assert.Equal(TimeSpan.Zero, bucket.IdleDuration);

        Assert.True(bucket.AttemptAcquire(2).IsAcquired);
        Assert.Null(bucket.IdleDuration);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, bucket.IdleDuration);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), bucket.IdleDuration);
    }
}
