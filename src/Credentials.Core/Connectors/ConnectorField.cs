using System.Text.Json;

namespace Credentials.Core.Connectors;

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
