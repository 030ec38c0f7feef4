namespace Credentials.Core.Contracts;

/// <summary>A tenant API key's id and state, never the key.</summary>
public sealed record ApiKeyView(string KeyId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
