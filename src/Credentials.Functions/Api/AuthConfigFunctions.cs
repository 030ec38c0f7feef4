using Credentials.Core.Audit;
using Credentials.Core.Contracts;
using Credentials.Core.OAuth;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>The calling tenant's own OAuth app per connector (client id and secret; the secret is never returned).</summary>
public sealed class AuthConfigFunctions(ApiCall api, AuthConfigService authConfigs, AuditTrail audit)
{
    /// <summary>Stores a new version of the tenant's OAuth app; existing credentials keep the version that issued them.</summary>
    [Function("PutAuthConfig")]
    public Task<ApiResponse<AuthConfigView>> PutAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "connectors/{connectorId}/auth-config")] HttpRequest request,
        string connectorId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var body = AuthConfigRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var saved = await authConfigs.SaveAsync(tenant.TenantId, connectorId, body.ClientId, body.ClientSecret, body.Scopes, cancellationToken);
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.AuthConfigPut) with { ConnectorId = connectorId, Outcome = $"version {saved.Version}" });
            return ApiResponse.Ok(saved);
        });

    /// <summary>Shows the OAuth app in use (the tenant's, else the deployment's), without its secret.</summary>
    [Function("GetAuthConfig")]
    public Task<ApiResponse<AuthConfigView>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connectors/{connectorId}/auth-config")] HttpRequest request,
        string connectorId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant => ApiResponse.Ok(await authConfigs.GetViewAsync(tenant.TenantId, connectorId, cancellationToken)));

    /// <summary>Removes the tenant's OAuth app for new connections.</summary>
    [Function("DeleteAuthConfig")]
    public Task<ApiResponse<NoBody>> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "connectors/{connectorId}/auth-config")] HttpRequest request,
        string connectorId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            await authConfigs.DeleteAsync(tenant.TenantId, connectorId, cancellationToken);
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.AuthConfigDelete) with { ConnectorId = connectorId, Outcome = "deleted" });
            return ApiResponse.NoContent();
        });
}
