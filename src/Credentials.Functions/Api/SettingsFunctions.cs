using Credentials.Core.Tenancy;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>The calling tenant's settings: allowed redirect URIs and webhook URL.</summary>
public sealed class SettingsFunctions(ApiCall api, TenantService tenants)
{
    /// <summary>Reads the settings.</summary>
    [Function("GetSettings")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "settings")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
            ApiResults.Ok(View(await tenants.GetTenantAsync(tenant.TenantId, cancellationToken))));

    /// <summary>Replaces the settings; every URI is validated and nothing is written when one is bad.</summary>
    [Function("UpdateSettings")]
    public Task<IResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "settings")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var fields = new JsonFields(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken), "allowedRedirectUris", "webhookUrl");
            var uris = fields.StringArray("allowedRedirectUris");
            var webhook = fields.Text("webhookUrl");
            fields.ThrowIfInvalid();
            var updated = await tenants.UpdateSettingsAsync(tenant.TenantId, uris, webhook, cancellationToken);
            return ApiResults.Ok(View(updated));
        });

    private static object View(Tenant tenant) => new
    {
        tenant.TenantId,
        tenant.Name,
        tenant.AllowedRedirectUris,
        tenant.WebhookUrl,
        tenant.WebhookDisabledAt,
        tenant.UpdatedAt,
    };
}
