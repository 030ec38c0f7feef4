namespace Credentials.Core.Contracts;

/// <summary>A tenant's limits in force (<c>GET/PUT /platform/tenants/{tenantId}/limits</c>) and which of them the platform admin overrode.</summary>
public sealed record TenantLimitsView(
    string TenantId,
    double RequestsPerSecond,
    int RequestBurst,
    int CredentialsPerUser,
    int UsersPerTenant,
    int AuthConfigsPerTenant,
    IReadOnlyList<string> Overridden,
    DateTimeOffset? UpdatedAt);
