using System.Text.Json.Serialization;

namespace Credentials.Core.Connectors;

/// <summary>A metadata value taken from a JSON document by RFC 6901 pointer.</summary>
public sealed record PointerMetadata(string Name, [property: JsonPropertyName("pointer")] string JsonPointer, bool Required, string? Pattern = null);
