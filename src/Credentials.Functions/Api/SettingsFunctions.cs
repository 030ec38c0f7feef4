using Credentials.Core.Audit;
using Credentials.Core.Contracts;
using Credentials.Core.Tenancy;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>The calling tenant's settings: allowed redirect URIs, webhook URL, and how the connect page presents the tenant.</summary>
public sealed class SettingsFunctions(ApiCall api, TenantService tenants, AuditTrail audit)
{
    /// <summary>Reads the settings.</summary>
    [Function("GetSettings")]
    public Task<ApiResponse<SettingsView>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "settings")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
            ApiResponse.Ok((await tenants.GetTenantAsync(tenant.TenantId, cancellationToken)).ToSettingsView()));

    /// <summary>Replaces the settings; every URI is validated and nothing is written when one is bad.</summary>
    [Function("UpdateSettings")]
    public Task<ApiResponse<SettingsView>> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "settings")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var body = SettingsRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var updated = await tenants.UpdateSettingsAsync(tenant.TenantId, body, cancellationToken);
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.SettingsUpdate) with { Outcome = "saved" });
            return ApiResponse.Ok(updated.ToSettingsView());
        });
}
