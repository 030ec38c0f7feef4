using System.Text.Json.Serialization;

namespace Credentials.Core.Connectors;

/// <summary>A metadata value taken from a callback query parameter (<see cref="Example"/> documents its shape and feeds tests).</summary>
public sealed record CallbackMetadata(string Name, string Param, bool Required, string? Pattern = null, string? Example = null);
