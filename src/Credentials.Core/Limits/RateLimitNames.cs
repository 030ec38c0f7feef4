namespace Credentials.Core.Limits;

/// <summary>The names a 429 problem gives its limit in <c>limit</c>; clients branch on these, so they never change.</summary>
public static class RateLimitNames
{
    /// <summary>Requests per tenant API key.</summary>
    public const string TenantKey = "tenant-key";

    /// <summary>Token-endpoint calls per connector and OAuth app, across tenants.</summary>
    public const string TokenEndpoint = "token-endpoint";

    /// <summary>Failed authentications per client address.</summary>
    public const string FailedAuthentication = "failed-authentication";

    /// <summary>Forced refreshes of a credential soon after a failed one.</summary>
    public const string RefreshCooldown = "refresh-cooldown";
}
