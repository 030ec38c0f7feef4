using Credentials.Core.Audit;
using Credentials.Core.Contracts;
using Credentials.Core.Tenancy;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Platform admin routes on a tenant's data key (Envelope mode): rotate it, or delete it to crypto-shred the tenant's secrets.</summary>
public sealed class PlatformDataKeyFunctions(ApiCall api, TenantDataKeys dataKeys, AuditTrail audit)
{
    /// <summary>Adds a new data-key version; new writes use it and the re-seal pass moves older ciphertexts to it.</summary>
    [Function("RotateTenantDataKey")]
    public Task<ApiResponse<DataKeyView>> RotateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "platform/tenants/{tenantId}/data-key/rotate")] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            var rotated = await dataKeys.RotateAsync(tenantId, cancellationToken);
            audit.Record(AuditEntry.By(AuditActors.PlatformAdmin, tenantId, AuditActs.DataKeyRotate) with { Outcome = "rotated" });
            return ApiResponse.Ok(rotated);
        });

    /// <summary>Deletes the tenant's data key: all its stored secrets become unreadable (crypto-shredding).</summary>
    [Function("DeleteTenantDataKey")]
    public Task<ApiResponse<DataKeyDeletionView>> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "platform/tenants/{tenantId}/data-key")] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            var deleted = await dataKeys.ShredAsync(tenantId, cancellationToken);
            audit.Record(AuditEntry.By(AuditActors.PlatformAdmin, tenantId, AuditActs.DataKeyDelete) with { Outcome = deleted.Purged ? "purged" : "soft_deleted" });
            return ApiResponse.Ok(deleted);
        });
}
