namespace Credentials.Core.Contracts;

/// <summary>A tenant's data key after a rotation (<c>POST /platform/tenants/{tenantId}/data-key/rotate</c>): the version new writes use.</summary>
public sealed record DataKeyView(string TenantId, string KeyId, DateTimeOffset RotatedAt);
