using System.Text.Json;
using System.Text.Json.Serialization;

namespace Credentials.Core.Connectors;

/// <summary>
/// A metadata value taken from a JSON document by RFC 6901 pointer. With <see cref="Item"/> the pointer names an array and the value
/// is read from its elements (the first one matching <see cref="Where"/>, or all of them joined by <see cref="ListSeparator"/> when
/// <see cref="All"/> is set).
/// </summary>
public sealed record PointerMetadata(
    string Name,
    [property: JsonPropertyName("pointer")] string JsonPointer,
    bool Required,
    string? Pattern = null,
    string? Item = null,
    IReadOnlyDictionary<string, JsonElement>? Where = null,
    bool All = false,
    string? Example = null)
{
    /// <summary>What separates the values of a list (<see cref="All"/>) in metadata; an item containing it is refused.</summary>
    public const char ListSeparator = ',';

    /// <summary>The most items a list keeps.</summary>
    public const int MaxListItems = 100;
}
