using Credentials.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Limits;

/// <summary>
/// Token-endpoint calls per connector and OAuth app (the deployment's app shared by all tenants, or a tenant's own), per instance,
/// so no tenant can spend a provider's rate limit for everyone. Every call takes a permit (waiting up to
/// <see cref="LimitOptions.TokenEndpointQueueWait"/>); callers that would only start a refresh ask first, and get 429 without
/// anything being written when there is none.
/// </summary>
public class TokenEndpointLimiter(KeyedRateLimiter buckets, IOptions<CredentialsOptions> options)
{
    private RateLimitPolicy Policy => new(options.Value.Limits.TokenEndpointRequestsPerSecond, options.Value.Limits.TokenEndpointBurst, options.Value.Limits.TokenEndpointQueueWait);

    /// <summary>Null when the app could call its token endpoint now, else how long until it could (nothing is taken).</summary>
    public virtual TimeSpan? Peek(string connectorId, string? authConfigId)
        => buckets.TryTake(Key(connectorId, authConfigId), Policy, permits: 0);

    /// <summary>Takes a permit for one call, waiting for it within the configured wait; null when taken, else how long until one is free.</summary>
    public virtual ValueTask<TimeSpan?> TakeAsync(string connectorId, string? authConfigId, CancellationToken cancellationToken = default)
        => buckets.TakeAsync(Key(connectorId, authConfigId), Policy, cancellationToken);

    /// <summary>The 429 of an exhausted app.</summary>
    public static Errors.ServiceException Exhausted(TimeSpan retryAfter)
        => LimitProblems.RateLimited(RateLimitNames.TokenEndpoint, retryAfter, "This connector's OAuth app is over its token-endpoint rate on this service; retry after the time given.");

    private static string Key(string connectorId, string? authConfigId) => $"token|{connectorId}|{authConfigId ?? "none"}";
}
