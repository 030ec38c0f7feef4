using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.Paging;
using Credentials.Core.Tenancy;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Platform admin routes: tenants and their API keys (the host reserves <c>admin</c>, hence <c>platform</c>).</summary>
public sealed class PlatformTenantsFunctions(ApiCall api, TenantService tenants, ApiRoutes routes, AuditTrail audit)
{
    /// <summary>Creates a tenant and shows its first API key once.</summary>
    [Function("CreateTenant")]
    public Task<ApiResponse<CreatedTenantView>> CreateTenantAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "platform/tenants")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            var body = CreateTenantRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var (tenant, key) = await tenants.CreateTenantAsync(body.Name, cancellationToken);
            audit.Record(AuditEntry.By(AuditActors.PlatformAdmin, tenant.TenantId, AuditActs.TenantCreate) with { Outcome = "key " + key.KeyId });
            return ApiResponse.Created(request, routes.Tenant(tenant.TenantId), new CreatedTenantView(tenant.TenantId, tenant.Name, key.KeyId, key.ApiKey, tenant.CreatedAt));
        });

    /// <summary>One page of every tenant, in id order (<c>limit</c>, <c>continuationToken</c>).</summary>
    [Function("ListTenants")]
    public Task<ApiResponse<TenantList>> ListTenantsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "platform/tenants")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            var page = await tenants.ListTenantsAsync(PageRequest.Parse(request.Query["limit"], request.Query["continuationToken"]), cancellationToken);
            return ApiResponse.Ok(new TenantList([.. page.Items.Select(t => t.ToView())], page.ContinuationToken));
        });

    /// <summary>Reads a tenant (its settings; never its keys).</summary>
    [Function("GetTenant")]
    public Task<ApiResponse<TenantView>> GetTenantAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "platform/tenants/{tenantId}")] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () => ApiResponse.Ok((await tenants.GetTenantAsync(tenantId, cancellationToken)).ToView()));

    /// <summary>Lists a tenant's API keys (ids and state, never the keys).</summary>
    [Function("ListTenantApiKeys")]
    public Task<ApiResponse<ApiKeyList>> ListApiKeysAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "platform/tenants/{tenantId}/api-keys")] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            var keys = await tenants.ListApiKeysAsync(tenantId, cancellationToken);
            return ApiResponse.Ok(new ApiKeyList([.. keys.Select(k => new ApiKeyView(k.KeyId, k.Name, k.CreatedAt, k.RevokedAt))]));
        });

    /// <summary>Issues another API key for a tenant, shown once.</summary>
    [Function("CreateTenantApiKey")]
    public Task<ApiResponse<IssuedApiKeyView>> CreateApiKeyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "platform/tenants/{tenantId}/api-keys")] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            var body = request.ContentLength is > 0
                ? CreateApiKeyRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken))
                : new CreateApiKeyRequest(null);
            var key = await tenants.IssueApiKeyAsync(tenantId, body.Name, cancellationToken);
            audit.Record(AuditEntry.By(AuditActors.PlatformAdmin, tenantId, AuditActs.ApiKeyIssue) with { Outcome = "key " + key.KeyId });
            return ApiResponse.Created(request, routes.TenantApiKey(tenantId, key.KeyId), new IssuedApiKeyView(key.KeyId, key.ApiKey, key.Name, key.CreatedAt));
        });

    /// <summary>Revokes a key; it answers 401 from the next request on.</summary>
    [Function("RevokeTenantApiKey")]
    public Task<ApiResponse<NoBody>> RevokeApiKeyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "platform/tenants/{tenantId}/api-keys/{keyId}")] HttpRequest request,
        string tenantId,
        string keyId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            await tenants.RevokeApiKeyAsync(tenantId, keyId, cancellationToken);
            audit.Record(AuditEntry.By(AuditActors.PlatformAdmin, tenantId, AuditActs.ApiKeyRevoke) with { Outcome = "key " + keyId });
            return ApiResponse.NoContent();
        });
}
