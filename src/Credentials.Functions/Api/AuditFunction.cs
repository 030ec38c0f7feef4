using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.Paging;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Credentials.Functions.Api;

/// <summary>The calling tenant's audit trail.</summary>
public sealed class AuditFunction(ApiCall api, AuditStore trail, IOptions<CredentialsOptions> options, TimeProvider clock)
{
    /// <summary>
    /// One page of the tenant's audit entries, newest first, optionally of one credential or user and between two times
    /// (<c>?credentialId=&amp;userId=&amp;from=&amp;to=&amp;limit=&amp;continuationToken=</c>); entries older than the retention are gone.
    /// </summary>
    [Function("ListAuditEntries")]
    public Task<ApiResponse<AuditList>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var query = AuditQuery.Parse(request.Query["credentialId"], request.Query["userId"], request.Query["from"], request.Query["to"]);
            var page = PageRequest.Parse(request.Query["limit"], request.Query["continuationToken"]);
            var now = clock.GetUtcNow();
            var result = await trail.QueryAsync(tenant.TenantId, query, page, now, now - options.Value.Audit.Retention, cancellationToken);
            return ApiResponse.Ok(new AuditList([.. result.Items.Select(e => e.ToView())], result.ContinuationToken));
        });
}
