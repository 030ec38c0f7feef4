namespace Credentials.Core.Contracts;

/// <summary>An auth config (OAuth app) as the API shows it: never the secret.</summary>
/// <param name="Source"><c>tenant</c> (the tenant's own app) or <c>deployment</c> (the default app of this deployment).</param>
public sealed record AuthConfigView(string AuthConfigId, int Version, string ConnectorId, string ClientId, IReadOnlyList<string>? Scopes, DateTimeOffset? UpdatedAt, string Source);
