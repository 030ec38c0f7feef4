using System.Threading.RateLimiting;

namespace Credentials.Core.Limits;

/// <summary>
/// One <see cref="ClockTokenBucket"/> per key and policy, in a <see cref="PartitionedRateLimiter{TResource}"/>: a key gets a new,
/// full bucket when its policy changes, and a bucket that has been full for a while is dropped (it is as good as a new one), so
/// memory follows the keys in use. Counts are per instance.
/// </summary>
public sealed class KeyedRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string Key, RateLimitPolicy Policy)> buckets;

    /// <summary>Buckets on <paramref name="clock"/>.</summary>
    public KeyedRateLimiter(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        buckets = PartitionedRateLimiter.Create<(string Key, RateLimitPolicy Policy), (string, RateLimitPolicy)>(
            resource => RateLimitPartition.Get(resource, partition => new ClockTokenBucket(partition.Item2, clock)));
    }

    /// <summary>Takes <paramref name="permits"/> from the key's bucket now; null when taken, else how long until they would be there. Zero permits only asks.</summary>
    public TimeSpan? TryTake(string key, RateLimitPolicy policy, int permits = 1)
    {
        using var lease = buckets.AttemptAcquire((key, policy), permits);
        return RetryAfterOf(lease);
    }

    /// <summary>Takes one permit, waiting up to the policy's <see cref="RateLimitPolicy.MaxWait"/>; null when taken, else how long until it would be there.</summary>
    public async ValueTask<TimeSpan?> TakeAsync(string key, RateLimitPolicy policy, CancellationToken cancellationToken = default)
    {
        using var lease = await buckets.AcquireAsync((key, policy), 1, cancellationToken);
        return RetryAfterOf(lease);
    }

    /// <inheritdoc />
    public void Dispose() => buckets.Dispose();

    private static TimeSpan? RetryAfterOf(RateLimitLease lease)
        => lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
}
