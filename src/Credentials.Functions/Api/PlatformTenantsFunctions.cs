using Credentials.Core.Tenancy;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Platform admin routes: tenants and their API keys (the host reserves <c>admin</c>, hence <c>platform</c>).</summary>
public sealed class PlatformTenantsFunctions(ApiCall api, TenantService tenants)
{
    /// <summary>Creates a tenant and shows its first API key once.</summary>
    [Function("CreateTenant")]
    public Task<IResult> CreateTenantAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "platform/tenants")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            var fields = new JsonFields(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken), "name");
            var name = fields.Text("name");
            fields.ThrowIfInvalid();
            var (tenant, key) = await tenants.CreateTenantAsync(name, cancellationToken);
            return ApiResults.Created(request, $"/api/platform/tenants/{tenant.TenantId}", new
            {
                tenant.TenantId,
                tenant.Name,
                apiKeyId = key.KeyId,
                apiKey = key.ApiKey,
                tenant.CreatedAt,
            });
        });

    /// <summary>Lists a tenant's API keys (ids and state, never the keys).</summary>
    [Function("ListTenantApiKeys")]
    public Task<IResult> ListApiKeysAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "platform/tenants/{tenantId}/api-keys")] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            var keys = await tenants.ListApiKeysAsync(tenantId, cancellationToken);
            return ApiResults.Ok(new { apiKeys = keys.Select(k => new { k.KeyId, k.Name, k.CreatedAt, k.RevokedAt }) });
        });

    /// <summary>Issues another API key for a tenant, shown once.</summary>
    [Function("CreateTenantApiKey")]
    public Task<IResult> CreateApiKeyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "platform/tenants/{tenantId}/api-keys")] HttpRequest request,
        string tenantId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            string? name = null;
            if (request.ContentLength is > 0)
            {
                var fields = new JsonFields(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken), "name");
                name = fields.Text("name");
                fields.ThrowIfInvalid();
            }

            var key = await tenants.IssueApiKeyAsync(tenantId, name, cancellationToken);
            return ApiResults.Created(request, $"/api/platform/tenants/{tenantId}/api-keys/{key.KeyId}", new { key.KeyId, apiKey = key.ApiKey, key.Name, key.CreatedAt });
        });

    /// <summary>Revokes a key; it answers 401 from the next request on.</summary>
    [Function("RevokeTenantApiKey")]
    public Task<IResult> RevokeApiKeyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "platform/tenants/{tenantId}/api-keys/{keyId}")] HttpRequest request,
        string tenantId,
        string keyId,
        CancellationToken cancellationToken)
        => api.ForPlatformAdminAsync(request, async () =>
        {
            await tenants.RevokeApiKeyAsync(tenantId, keyId, cancellationToken);
            return ApiResults.NoContent();
        });
}
