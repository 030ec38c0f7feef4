namespace Credentials.Core.Tenancy;

/// <summary>The tenant an authenticated request acts for; the only source of the tenant id.</summary>
public sealed record TenantContext(string TenantId, string KeyId);
