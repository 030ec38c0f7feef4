namespace Credentials.Core.Configuration;

/// <summary>
/// Abuse limits and quotas of a deployment (<c>Credentials__Limits__*</c>). Rates are counted per instance: on N instances a
/// tenant key can make up to N times its rate. The platform admin overrides the per-key rate and the quotas per tenant.
/// </summary>
public sealed class LimitOptions
{
    /// <summary>Requests per second each tenant API key may make, sustained (fractions allowed: 0.5 is one every 2 s).</summary>
    public double RequestsPerSecond { get; set; } = 100;

    /// <summary>Requests a tenant API key may make at once before its rate applies.</summary>
    public int RequestBurst { get; set; } = 200;

    /// <summary>Token-endpoint calls per second per connector and OAuth app, across all tenants using that app.</summary>
    public double TokenEndpointRequestsPerSecond { get; set; } = 10;

    /// <summary>Token-endpoint calls one connector and OAuth app may make at once before its rate applies.</summary>
    public int TokenEndpointBurst { get; set; } = 50;

    /// <summary>How long a token-endpoint call waits for its turn before the caller is refused (the sweep and code exchanges wait; callers asking for a refresh do not).</summary>
    public TimeSpan TokenEndpointQueueWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed authentications one client address may have per <see cref="FailedAuthenticationWindow"/> before it gets 429.</summary>
    public int FailedAuthenticationsPerAddress { get; set; } = 20;

    /// <summary>Failed authentications with one key id per window before a security event says the key is being guessed (the key keeps working).</summary>
    public int FailedAuthenticationsPerKeyId { get; set; } = 10;

    /// <summary>The window over which failed authentications are counted (they are forgotten evenly across it).</summary>
    public TimeSpan FailedAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The request header whose last entry is the client's address (in Azure the Functions host adds the caller's address to
    /// <c>X-Forwarded-For</c>); empty to use the connection's address.
    /// </summary>
    public string ClientAddressHeader { get; set; } = "X-Forwarded-For";

    /// <summary>Quota: credentials per end user.</summary>
    public int CredentialsPerUser { get; set; } = 100;

    /// <summary>Quota: end users per tenant.</summary>
    public int UsersPerTenant { get; set; } = 10_000;

    /// <summary>Quota: auth configs (OAuth app versions, each with its own secret) per tenant.</summary>
    public int AuthConfigsPerTenant { get; set; } = 200;

    /// <summary>How long an instance uses a tenant's limits before reading them again (in the background: requests never wait for it).</summary>
    public TimeSpan TenantLimitsCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
