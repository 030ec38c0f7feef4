using System.Text.Json.Nodes;

namespace Credentials.Core.Connectors;

/// <summary>A connector file (Connectors/Catalog, shaped by Connectors/connector.schema.json): what a provider needs, as data.</summary>
public sealed record ConnectorDefinition
{
    /// <summary>Stable id, also the file name.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Optional description.</summary>
    public string? Description { get; init; }

    /// <summary>What the connector is for (values of <see cref="ConnectorCategories.All"/>), used to filter the catalogue.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Provider documentation the facts come from.</summary>
    public IReadOnlyList<string> Docs { get; init; } = [];

    /// <summary>Facts that could not be confirmed and choices made.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary><c>oauth2</c>, <c>apiKey</c>, <c>basic</c>, <c>custom</c>.</summary>
    public required IReadOnlyList<string> AuthenticationTypes { get; init; }

    /// <summary>Values the end user supplies, per authentication type.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ConnectorField>> Fields { get; init; } = new Dictionary<string, IReadOnlyList<ConnectorField>>();

    /// <summary>OAuth 2.0 facts, for connectors that offer <c>oauth2</c>.</summary>
    public OAuth2Settings? OAuth2 { get; init; }

    /// <summary>How the provider's API is called.</summary>
    public ConnectorApi? Api { get; init; }

    /// <summary>The fields of one authentication type (none when it declares none).</summary>
    public IReadOnlyList<ConnectorField> FieldsFor(string authenticationType)
        => Fields.TryGetValue(authenticationType, out var fields) ? fields : [];
}
