using System.Text.Json.Serialization;

namespace Credentials.Core.Connectors;

/// <summary>A request made after connecting.</summary>
public sealed record PostConnectRequest(string Method, string Url, string Auth, IReadOnlyDictionary<string, string>? Headers, IReadOnlyList<PointerMetadata> Metadata);
