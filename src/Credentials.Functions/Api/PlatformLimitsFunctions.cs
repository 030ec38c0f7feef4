using Credentials.Core.Audit;
using Credentials.Core.Contracts;
using Credentials.Core.Limits;
using Credentials.Core.Tenancy;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Platform admin routes: a tenant's limits and quotas (the deployment's defaults, overridden per tenant).</summary>
public sealed class PlatformLimitsFunctions(ApiCall api, TenantService tenants, TenantLimitsProvider limits, AuditTrail audit)
{
    /// <summary>The limits in force for a tenant and which of them are overrides.</summary>
    [Function("GetTenantLimits")]
    public Task<ApiResponse<TenantLimitsView>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "platform/tenants/{tenantId}/limits")] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            await tenants.GetTenantAsync(tenantId, cancellationToken);
            return ApiResponse.Ok((await limits.GetAsync(tenantId, cancellationToken)).ToView());
        });

    /// <summary>Replaces a tenant's overrides (raise or lower its per-key rate and quotas); a field left out or null restores the default.</summary>
    [Function("SetTenantLimits")]
    public Task<ApiResponse<TenantLimitsView>> SetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "platform/tenants/{tenantId}/limits")] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            await tenants.GetTenantAsync(tenantId, cancellationToken);
            var body = TenantLimitsRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var updated = await limits.SetAsync(tenantId, body, cancellationToken);
            audit.Record(AuditEntry.By(AuditActors.PlatformAdmin, tenantId, AuditActs.LimitsUpdate) with { Outcome = string.Join(",", updated.ToView().Overridden) });
            return ApiResponse.Ok(updated.ToView());
        });
}
