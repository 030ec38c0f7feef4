namespace Credentials.Client.Models;

/// <summary>The OAuth app in use for a connector, without its secret.</summary>
/// <param name="Source"><c>tenant</c> or <c>deployment</c>.</param>
public sealed record AuthConfig(string AuthConfigId, int Version, string ConnectorId, string ClientId, IReadOnlyList<string>? Scopes, DateTimeOffset? UpdatedAt, string Source);
