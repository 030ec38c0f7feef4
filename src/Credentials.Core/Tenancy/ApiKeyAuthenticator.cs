using Credentials.Core.Errors;

namespace Credentials.Core.Tenancy;

/// <summary>Turns an <c>Authorization: Bearer</c> header into the tenant it belongs to; every failure looks the same to the caller.</summary>
public class ApiKeyAuthenticator(TenantStore store)
{
    /// <summary>The one message of every authentication failure (missing, malformed, unknown, revoked).</summary>
    public const string FailureDetail = "A valid API key is required in the Authorization header (Bearer).";

    /// <summary>The tenant of the presented key; throws <see cref="ErrorCodes.Unauthorized"/> otherwise.</summary>
    public virtual async Task<TenantContext> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken = default)
    {
        var key = BearerToken.From(authorizationHeader);
        if (!ApiKeyFormat.TryParse(key, out var keyId))
        {
            throw Unauthorized();
        }

        var found = await store.FindApiKeyAsync(keyId, cancellationToken);
        if (found is not { } stored || stored.Key.RevokedAt is not null || !ApiKeyFormat.Matches(key!, stored.Hash))
        {
            throw Unauthorized();
        }

        return new TenantContext(stored.Key.TenantId, keyId);
    }

    /// <summary>The failure every unauthenticated request gets.</summary>
    public static ServiceException Unauthorized() => new(ErrorCodes.Unauthorized, FailureDetail);
}
