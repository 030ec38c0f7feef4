using System.Threading.RateLimiting;

namespace Credentials.Core.Limits;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/> (the library's own limiters read the system stopwatch, which tests cannot move).
/// Tokens are computed when asked, so there is no timer. A waiting acquire reserves its tokens at once (the bucket may go below
/// zero) and waits until they would have been refilled, if that is within <see cref="RateLimitPolicy.MaxWait"/>; later callers
/// queue behind it by the same arithmetic.
/// </summary>
public sealed class ClockTokenBucket : RateLimiter
{
    private readonly RateLimitPolicy policy;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private double tokens;
    private long refilledAt;
    private long changedAt;
    private double levelAtChange;
    private long successes;
    private long failures;

    /// <summary>A full bucket of <paramref name="policy"/>'s shape.</summary>
    public ClockTokenBucket(RateLimitPolicy policy, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(policy.PerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(policy.Burst);
        this.policy = policy;
        this.clock = clock;
        tokens = policy.Burst;
        levelAtChange = policy.Burst;
        refilledAt = changedAt = clock.GetTimestamp();
    }

    /// <summary>How long the bucket has been full (a full bucket is as good as a new one, so its partition may be dropped); null while it is not.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                var sinceChange = clock.GetElapsedTime(changedAt);
                var toFull = policy.TimeToRefill(policy.Burst - levelAtChange);
                return sinceChange >= toFull ? sinceChange - toFull : null;
            }
        }
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            Refill();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (long)Math.Floor(Math.Max(0, tokens)),
                TotalSuccessfulLeases = successes,
                TotalFailedLeases = failures,
            };
        }
    }

    /// <summary>Takes <paramref name="permitCount"/> tokens now, or fails with how long until they are there. Zero asks whether a call could go now, taking nothing.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (gate)
        {
            Refill();
            var needed = Math.Max(1, permitCount);
            if (tokens >= needed)
            {
                Take(permitCount);
                successes++;
                return BucketLease.Acquired;
            }

            failures++;
            return BucketLease.Refused(policy.TimeToRefill(needed - tokens));
        }
    }

    /// <summary>Takes the tokens now, or reserves them and waits for their refill when that is within the policy's wait.</summary>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (gate)
        {
            Refill();
            if (tokens >= permitCount)
            {
                Take(permitCount);
                successes++;
                return BucketLease.Acquired;
            }

            wait = policy.TimeToRefill(permitCount - tokens);
            if (wait > policy.MaxWait)
            {
                failures++;
                return BucketLease.Refused(wait);
            }

            Take(permitCount);
        }

        try
        {
            await Task.Delay(wait, clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (gate)
            {
                // The caller gave up: its reservation goes back to the queue behind it.
                Refill();
                Take(-permitCount);
            }

            throw;
        }

        lock (gate)
        {
            successes++;
        }

        return BucketLease.Acquired;
    }

    private void Take(int permitCount)
    {
        tokens = Math.Min(policy.Burst, tokens - permitCount);
        levelAtChange = tokens;
        changedAt = refilledAt;
    }

    private void Refill()
    {
        var now = clock.GetTimestamp();
        tokens = Math.Min(policy.Burst, tokens + (clock.GetElapsedTime(refilledAt, now).TotalSeconds * policy.PerSecond));
        refilledAt = now;
    }

    private sealed class BucketLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly BucketLease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static BucketLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
