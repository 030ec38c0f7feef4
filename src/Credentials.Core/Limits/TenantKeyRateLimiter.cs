using Credentials.Core.Tenancy;

namespace Credentials.Core.Limits;

/// <summary>The per-key request rate: each tenant API key has its own bucket, shaped by its tenant's limits (per instance).</summary>
public class TenantKeyRateLimiter(TenantLimitsProvider limits, KeyedRateLimiter buckets)
{
    /// <summary>Takes one request from the key's bucket; 429 <see cref="RateLimitNames.TenantKey"/> when it is empty.</summary>
    public virtual async ValueTask AdmitAsync(TenantContext tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var policy = (await limits.GetAsync(tenant.TenantId, cancellationToken)).KeyRate;
        if (buckets.TryTake("key|" + tenant.KeyId, policy) is { } retryAfter)
        {
            throw LimitProblems.RateLimited(RateLimitNames.TenantKey, retryAfter, "This API key is over its request rate; retry after the time given.");
        }
    }
}
