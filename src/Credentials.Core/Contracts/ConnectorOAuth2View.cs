namespace Credentials.Core.Contracts;

/// <summary>The OAuth 2.0 part of a catalogue entry.</summary>
public sealed record ConnectorOAuth2View
{
    /// <summary>The redirect URI to register at the provider (<c>{PublicBaseUrl}/api/oauth/callback/{connectorId}</c>); null while the deployment has no public base URL.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>Scopes requested when neither the caller nor the tenant's OAuth app names any.</summary>
    public required IReadOnlyList<string> DefaultScopes { get; init; }

    /// <summary>Scopes the connector file knows of: the default ones first, then the others it lists.</summary>
    public required IReadOnlyList<string> KnownScopes { get; init; }

    /// <summary>What joins scopes in the authorization request (a space or a comma).</summary>
    public required string ScopeSeparator { get; init; }

    /// <summary>True when the provider issues a new refresh token on every refresh and the old one stops working.</summary>
    public required bool RefreshTokenRotates { get; init; }

    /// <summary>True when the service sends PKCE (S256) with the authorization request.</summary>
    public required bool Pkce { get; init; }
}
