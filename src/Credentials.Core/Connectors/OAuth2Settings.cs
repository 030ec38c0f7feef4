using System.Text.Json.Nodes;

namespace Credentials.Core.Connectors;

/// <summary>The OAuth 2.0 facts of a connector (the <c>oauth2</c> object of a connector file, Connectors/connector.schema.json).</summary>
public sealed record OAuth2Settings
{
    /// <summary>Authorization endpoint (template).</summary>
    public required string AuthorizationUrl { get; init; }

    /// <summary>Token endpoint (template).</summary>
    public required string TokenUrl { get; init; }

    /// <summary>Expected RFC 9207 <c>iss</c> on the authorization response, when the provider has one.</summary>
    public string? Issuer { get; init; }

    /// <summary><c>form</c> or <c>json</c>.</summary>
    public string TokenRequestFormat { get; init; } = "form";

    /// <summary><c>client_secret_basic</c> or <c>client_secret_post</c>.</summary>
    public string TokenEndpointAuthMethod { get; init; } = "client_secret_basic";

    /// <summary>Extra headers on token requests.</summary>
    public IReadOnlyDictionary<string, string> TokenRequestHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra parameters (templates) on both the authorization-code and the refresh token request (Zendesk <c>expires_in</c>, Shopify <c>expiring</c>).</summary>
    public IReadOnlyDictionary<string, string> TokenRequestParams { get; init; } = new Dictionary<string, string>();

    /// <summary>How tokens are revoked, or null.</summary>
    public JsonObject? Revocation { get; init; }

    /// <summary>Scopes requested when the caller names none.</summary>
    public IReadOnlyList<string> DefaultScopes { get; init; } = [];

    /// <summary>Scopes a tenant may ask for besides the default ones (shown by the catalogue route; not enforced).</summary>
    public IReadOnlyList<string> KnownScopes { get; init; } = [];

    /// <summary>Separator between scopes in the authorization request.</summary>
    public string ScopeSeparator { get; init; } = " ";

    /// <summary>Send PKCE S256 (true unless the provider rejects it).</summary>
    public bool Pkce { get; init; } = true;

    /// <summary>Extra authorization request parameters (templates).</summary>
    public IReadOnlyDictionary<string, string> AuthorizeParams { get; init; } = new Dictionary<string, string>();

    /// <summary>Values copied from the callback query into metadata.</summary>
    public IReadOnlyList<CallbackMetadata> CallbackMetadata { get; init; } = [];

    /// <summary>Values copied from claims of the access token (a JWT) into metadata.</summary>
    public IReadOnlyList<ClaimMetadata> AccessTokenClaims { get; init; } = [];

    /// <summary>Values copied from the token response into metadata.</summary>
    public IReadOnlyList<PointerMetadata> TokenResponseMetadata { get; init; } = [];

    /// <summary>Requests made once after connecting to fetch metadata.</summary>
    public IReadOnlyList<PostConnectRequest> PostConnect { get; init; } = [];

    /// <summary>The provider issues a new refresh token on refresh.</summary>
    public bool RefreshTokenRotates { get; init; }

    /// <summary>ISO 8601 lifetime assumed when the provider omits <c>expires_in</c>.</summary>
    public string? AccessTokenLifetime { get; init; }

    /// <summary>ISO 8601 interval for refreshing tokens without expiry.</summary>
    public string? NoExpiryRefreshInterval { get; init; }

    /// <summary>The provider answers token errors with HTTP 200 and an <c>error</c> member.</summary>
    public bool ErrorsIn200 { get; init; }

    /// <summary>Descriptions shown to the end user instead of the provider's own for <c>error</c> codes on the authorization response.</summary>
    public IReadOnlyDictionary<string, string> AuthorizationErrorDescriptions { get; init; } = new Dictionary<string, string>();

    /// <summary>Error codes that mean the grant is dead.</summary>
    public IReadOnlyList<string> DeadGrantErrors { get; init; } = ["invalid_grant"];
}
