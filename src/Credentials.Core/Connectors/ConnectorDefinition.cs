using System.Text.Json;
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

/// <summary>One value the end user supplies for a credential.</summary>
public sealed record ConnectorField
{
    /// <summary>Property name under <c>data</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Label for forms.</summary>
    public string? Title { get; init; }

    /// <summary>Help text.</summary>
    public string? Description { get; init; }

    /// <summary><c>string</c>, <c>integer</c> or <c>boolean</c>.</summary>
    public string Type { get; init; } = "string";

    /// <summary>Stored only in the secret store and never shown.</summary>
    public bool Secret { get; init; }

    /// <summary>Must be present.</summary>
    public bool Required { get; init; }

    /// <summary>Anchored regular expression the value must match.</summary>
    public string? Pattern { get; init; }

    /// <summary><c>email</c> or <c>uri</c>.</summary>
    public string? Format { get; init; }

    /// <summary>Allowed values.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>Longest value (strings).</summary>
    public int? MaxLength { get; init; }

    /// <summary>Example for <c>sampleInput</c> (never a real secret).</summary>
    public JsonElement? Example { get; init; }
}

/// <summary>How the provider's API is reached with a credential applied.</summary>
public sealed record ConnectorApi
{
    /// <summary>Base URL template.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Host patterns the proxy may reach.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Extra headers on every API call.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How each authentication type is applied; kept as JSON until the proxy reads it.</summary>
    public IReadOnlyDictionary<string, JsonObject> Auth { get; init; } = new Dictionary<string, JsonObject>();

    /// <summary>A cheap authenticated request proving a secret works.</summary>
    public ConnectorVerification? Verification { get; init; }
}

/// <summary>The verification request of a connector.</summary>
public sealed record ConnectorVerification(string Method, string Path);
