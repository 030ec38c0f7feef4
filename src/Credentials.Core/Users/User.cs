namespace Credentials.Core.Users;

/// <summary>An end user of a tenant, who owns credentials.</summary>
public sealed record User(string UserId, string TenantId, string Username, string? FullName, DateTimeOffset CreatedAt);
