namespace Credentials.Core.OAuth;

/// <summary>An auth config as the API shows it: never the secret.</summary>
public sealed record AuthConfigView(string AuthConfigId, int Version, string ConnectorId, string ClientId, IReadOnlyList<string>? Scopes, DateTimeOffset? UpdatedAt, string Source);
