namespace Credentials.Core.Tenancy;

/// <summary>An API key as listed (never the key or its hash).</summary>
public sealed record ApiKeyInfo(string KeyId, string TenantId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
