namespace Credentials.Core.Contracts;

/// <summary>A new tenant with its first API key, shown this once.</summary>
public sealed record CreatedTenantView(string TenantId, string Name, string ApiKeyId, string ApiKey, DateTimeOffset CreatedAt);
