namespace Credentials.Core.OAuth;

/// <summary>How a token request failed, which decides what happens to the credential.</summary>
public enum TokenFailure
{
    /// <summary>The grant is dead (<c>invalid_grant</c> or a connector dead-grant code).</summary>
    DeadGrant,

    /// <summary>The OAuth app is misconfigured (<c>invalid_client</c>, <c>unauthorized_client</c>).</summary>
    AuthConfig,

    /// <summary>Network, timeout, 5xx, 429, <c>temporarily_unavailable</c>: try again later.</summary>
    Transient,

    /// <summary>Any other refusal.</summary>
    Rejected,
}
