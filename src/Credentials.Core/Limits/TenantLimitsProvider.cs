using System.Collections.Concurrent;
using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Limits;

/// <summary>
/// The limits in force per tenant. Each instance keeps a tenant's overrides after the first read and re-reads them in the
/// background once they are older than <see cref="LimitOptions.TenantLimitsCacheDuration"/>, so only a tenant's first request on an
/// instance waits for storage; an admin change reaches every instance within that duration (at once on the one that wrote it).
/// </summary>
public partial class TenantLimitsProvider(TenantLimitsStore store, IOptions<CredentialsOptions> options, TimeProvider clock, ILogger<TenantLimitsProvider> logger)
{
    /// <summary>The largest per-key rate an override may set (requests per second).</summary>
    public const double MaxRequestsPerSecond = 100_000;

    /// <summary>The largest burst or quota an override may set.</summary>
    public const int MaxCount = 10_000_000;

    private readonly ConcurrentDictionary<string, (TenantLimitOverrides Overrides, long ReadAt)> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> rereading = new(StringComparer.Ordinal);

    /// <summary>The tenant's limits; waits for storage only the first time this instance sees the tenant.</summary>
    public virtual async ValueTask<TenantLimits> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(tenantId, out var cached))
        {
            if (clock.GetElapsedTime(cached.ReadAt) > options.Value.Limits.TenantLimitsCacheDuration && rereading.TryAdd(tenantId, true))
            {
                _ = RereadAsync(tenantId);
            }

            return new TenantLimits(tenantId, options.Value.Limits, cached.Overrides);
        }

        var overrides = await store.GetAsync(tenantId, cancellationToken);
        cache[tenantId] = (overrides, clock.GetTimestamp());
        return new TenantLimits(tenantId, options.Value.Limits, overrides);
    }

    /// <summary>Replaces the tenant's overrides after checking every value (nothing is written when one is out of range).</summary>
    public virtual async Task<TenantLimits> SetAsync(string tenantId, TenantLimitsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.RequestsPerSecond is { } rate && (double.IsNaN(rate) || rate <= 0 || rate > MaxRequestsPerSecond))
        {
            errors["requestsPerSecond"] = [$"A rate above 0 and at most {MaxRequestsPerSecond}."];
        }

        foreach (var (name, value) in new (string, int?)[]
        {
            ("requestBurst", request.RequestBurst), (QuotaNames.CredentialsPerUser, request.CredentialsPerUser),
            (QuotaNames.UsersPerTenant, request.UsersPerTenant), (QuotaNames.AuthConfigsPerTenant, request.AuthConfigsPerTenant),
        })
        {
            if (value is < 1 or > MaxCount)
            {
                errors[name] = [$"A whole number from 1 to {MaxCount}."];
            }
        }

        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }

        var overrides = new TenantLimitOverrides
        {
            RequestsPerSecond = request.RequestsPerSecond,
            RequestBurst = request.RequestBurst,
            CredentialsPerUser = request.CredentialsPerUser,
            UsersPerTenant = request.UsersPerTenant,
            AuthConfigsPerTenant = request.AuthConfigsPerTenant,
            UpdatedAt = clock.GetUtcNow(),
        };
        await store.SaveAsync(tenantId, overrides, cancellationToken);
        cache[tenantId] = (overrides, clock.GetTimestamp());
        return new TenantLimits(tenantId, options.Value.Limits, overrides);
    }

    private async Task RereadAsync(string tenantId)
    {
        try
        {
            var read = await store.GetAsync(tenantId, CancellationToken.None);
            var now = clock.GetTimestamp();

            // A write on this instance while the read was under way is newer than what the read found.
            cache.AddOrUpdate(tenantId, (read, now), (_, held) => (held.Overrides.UpdatedAt > read.UpdatedAt ? held.Overrides : read, now));
        }
        catch (Exception e)
        {
            // The limits in hand stay in force; the next request after the cache duration tries again.
            LogRereadFailed(logger, e, tenantId);
        }
        finally
        {
            rereading.TryRemove(tenantId, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the limits of tenant {TenantId} failed; the ones in hand stay in force")]
    private static partial void LogRereadFailed(ILogger logger, Exception exception, string tenantId);
}
