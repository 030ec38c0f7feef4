using Credentials.Core.Configuration;
using Credentials.Core.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Limits;

/// <summary>
/// Counts failed authentications per client address and per key id (per instance), and logs each as a security event with the
/// address and key id, never the key. An address over its limit is refused before authenticating (429
/// <see cref="RateLimitNames.FailedAuthentication"/>). A key id over its limit is only reported: refusing it would let anyone
/// who has seen a key id lock its owner out, and a 256-bit secret cannot be guessed anyway.
/// </summary>
public sealed partial class FailedAuthentications(KeyedRateLimiter buckets, IOptions<CredentialsOptions> options, ILogger<FailedAuthentications> logger)
{
    private RateLimitPolicy AddressPolicy => RateLimitPolicy.PerWindow(options.Value.Limits.FailedAuthenticationsPerAddress, options.Value.Limits.FailedAuthenticationWindow);

    private RateLimitPolicy KeyIdPolicy => RateLimitPolicy.PerWindow(options.Value.Limits.FailedAuthenticationsPerKeyId, options.Value.Limits.FailedAuthenticationWindow);

    /// <summary>429 when <paramref name="clientAddress"/> has used up its failed authentications.</summary>
    public void ThrowIfBlocked(string clientAddress)
    {
        if (buckets.TryTake(AddressKey(clientAddress), AddressPolicy, permits: 0) is { } retryAfter)
        {
            throw LimitProblems.RateLimited(RateLimitNames.FailedAuthentication, retryAfter, "Too many failed authentications from this address; retry after the time given.");
        }
    }

    /// <summary>Counts and logs one failed authentication of <paramref name="authorizationHeader"/> from <paramref name="clientAddress"/>.</summary>
    public void Record(string clientAddress, string? authorizationHeader)
    {
        var presented = BearerToken.From(authorizationHeader);
        var keyId = ApiKeyFormat.TryParse(presented, out var parsed) ? parsed : null;
        var reason = presented is null ? "missing" : keyId is null ? "malformed" : "rejected";
        LogAuthenticationFailed(logger, clientAddress, keyId ?? "none", reason);

        // Each event once, when this failure is the one that reaches the limit.
        if (Reached(AddressKey(clientAddress), AddressPolicy))
        {
            LogAddressBlocked(logger, clientAddress, options.Value.Limits.FailedAuthenticationsPerAddress, options.Value.Limits.FailedAuthenticationWindow);
        }

        if (keyId is not null && Reached("auth-key|" + keyId, KeyIdPolicy))
        {
            LogKeyIdUnderAttack(logger, keyId, clientAddress, options.Value.Limits.FailedAuthenticationsPerKeyId, options.Value.Limits.FailedAuthenticationWindow);
        }
    }

    // Counts one failure; true when it used up the last one allowed.
    private bool Reached(string key, RateLimitPolicy policy)
        => buckets.TryTake(key, policy) is null && buckets.TryTake(key, policy, permits: 0) is not null;

    private static string AddressKey(string clientAddress) => "auth-address|" + clientAddress;

    [LoggerMessage(EventId = 4100, EventName = "AuthenticationFailed", Level = LogLevel.Warning, Message = "Security: authentication failed from {ClientAddress} with key id {KeyId} ({Reason})")]
    private static partial void LogAuthenticationFailed(ILogger logger, string clientAddress, string keyId, string reason);

    [LoggerMessage(EventId = 4101, EventName = "ClientAddressBlocked", Level = LogLevel.Warning, Message = "Security: {ClientAddress} reached {Limit} failed authentications per {Window}; it gets 429 until they age out")]
    private static partial void LogAddressBlocked(ILogger logger, string clientAddress, int limit, TimeSpan window);

    [LoggerMessage(EventId = 4102, EventName = "ApiKeyIdUnderAttack", Level = LogLevel.Warning, Message = "Security: key id {KeyId} failed {Limit} times within {Window} (latest from {ClientAddress}); the key keeps working")]
    private static partial void LogKeyIdUnderAttack(ILogger logger, string keyId, string clientAddress, int limit, TimeSpan window);
}
