using Credentials.Core.Audit;
using Credentials.Core.Contracts;
using Credentials.Core.Webhooks;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>The calling tenant's webhook signing secret.</summary>
public sealed class WebhookSecretFunction(ApiCall api, WebhookSecretService secrets, AuditTrail audit)
{
    /// <summary>Creates a new signing secret and shows it once; calling again rotates it; of concurrent calls one wins and the others get 409 (see <see cref="WebhookSecretService"/>).</summary>
    [Function("RotateWebhookSecret")]
    public Task<ApiResponse<WebhookSecretView>> RotateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "settings/webhook-secret")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var issued = await secrets.RotateAsync(tenant.TenantId, cancellationToken);
            audit.Record(AuditEntry.ByKey(tenant, AuditActs.WebhookSecretRotate) with { Outcome = "rotated" });
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return ApiResponse.Ok(new WebhookSecretView(issued.Secret, issued.CreatedAt));
        });
}
