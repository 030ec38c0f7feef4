using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The body of <c>PUT /platform/tenants/{tenantId}/limits</c>: each field overrides the deployment's default; absent or null restores it.</summary>
public sealed record TenantLimitsRequest(double? RequestsPerSecond, int? RequestBurst, int? CredentialsPerUser, int? UsersPerTenant, int? AuthConfigsPerTenant)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static TenantLimitsRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "requestsPerSecond", "requestBurst", "credentialsPerUser", "usersPerTenant", "authConfigsPerTenant");
        var request = new TenantLimitsRequest(
            fields.Number("requestsPerSecond"),
            fields.WholeNumber("requestBurst"),
            fields.WholeNumber("credentialsPerUser"),
            fields.WholeNumber("usersPerTenant"),
            fields.WholeNumber("authConfigsPerTenant"));
        fields.ThrowIfInvalid();
        return request;
    }
}
