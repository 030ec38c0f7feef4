using System.Text.Json.Serialization;

namespace Credentials.Core.Connectors;

/// <summary>A metadata value taken from a callback query parameter.</summary>
public sealed record CallbackMetadata(string Name, string Param, bool Required, string? Pattern = null);
