namespace Credentials.Core.Contracts;

/// <summary>One catalogue entry (<c>GET /api/connectors/{connectorId}</c>): what a tenant needs to know to offer the connector to its users.</summary>
public sealed record ConnectorView
{
    /// <summary>Stable id, used in every other route.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>What the connector reaches, or null.</summary>
    public string? Description { get; init; }

    /// <summary>Categories such as <c>crm</c> or <c>accounting</c>.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary><c>oauth2</c>, <c>apiKey</c>, <c>basic</c>, <c>custom</c>.</summary>
    public required IReadOnlyList<string> AuthenticationTypes { get; init; }

    /// <summary>True when apiKey, basic and custom credentials are checked with the provider before they are stored (a bad key is refused on create).</summary>
    public required bool VerifiedOnCreate { get; init; }

    /// <summary>The provider documentation the connector's facts come from.</summary>
    public required IReadOnlyList<string> Docs { get; init; }

    /// <summary>The OAuth 2.0 facts a tenant needs to register its OAuth app, or null for connectors without <c>oauth2</c>.</summary>
    public ConnectorOAuth2View? OAuth2 { get; init; }
}
