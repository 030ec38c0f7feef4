using Credentials.Core.Contracts;
using Credentials.Core.UseCases;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Anonymous probes: liveness (the process runs) and readiness (its dependencies answer).</summary>
public sealed class HealthFunction(ApiCall api, ReadinessProbe readiness)
{
    /// <summary>Answers 200 while the process runs; touches no dependency.</summary>
    [Function("Health")]
    public static ApiResponse<HealthView> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
        => ApiResponse.Ok(new HealthView("ok"));

    /// <summary>200 when Table Storage and the secret store each answer a sentinel read within 5 s; 503 <c>not_ready</c> naming the one that did not.</summary>
    [Function("HealthReady")]
    public Task<ApiResponse<ReadinessView>> ReadyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.AnonymousAsync(request, async () =>
        {
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return ApiResponse.Ok(await readiness.CheckAsync(cancellationToken));
        });
}
