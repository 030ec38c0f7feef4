namespace Credentials.Core.OAuth;

/// <summary>One pending authorization request, stored under its <c>state</c> value until the callback consumes it (once).</summary>
public sealed record OAuthState
{
    /// <summary>The state value sent to the provider (256 random bits plus its expiry bucket).</summary>
    public required string State { get; init; }

    /// <summary>The tenant that started the flow.</summary>
    public required string TenantId { get; init; }

    /// <summary>The end user.</summary>
    public required string UserId { get; init; }

    /// <summary>The connector; the callback path must name the same one (mix-up defence).</summary>
    public required string ConnectorId { get; init; }

    /// <summary>Where the browser goes afterwards (one of the tenant's allowed redirect URIs).</summary>
    public required string RedirectUri { get; init; }

    /// <summary>The PKCE verifier, or null when the connector does not use PKCE.</summary>
    public string? CodeVerifier { get; init; }

    /// <summary>Scopes requested.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Non-secret connector fields (e.g. a Zendesk subdomain).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The credential's name.</summary>
    public string? Name { get; init; }

    /// <summary>The auth config id and version the flow uses.</summary>
    public required string AuthConfigId { get; init; }

    /// <summary>The auth config version.</summary>
    public int AuthConfigVersion { get; init; }

    /// <summary>Set for a reauthorization: the credential repaired in place.</summary>
    public string? CredentialId { get; init; }

    /// <summary>
    /// Set when the hosted connect page started the flow: the credential is recorded on that session, and the flow returns to the
    /// service's own page (<see cref="RedirectUri"/>), which no other flow may do.
    /// </summary>
    public string? ConnectSessionId { get; init; }

    /// <summary>When the state stops being accepted.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
