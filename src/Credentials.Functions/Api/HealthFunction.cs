using Credentials.Core.Contracts;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Anonymous liveness probe.</summary>
public sealed class HealthFunction
{
    /// <summary>Answers 200 while the process runs; touches no dependency.</summary>
    [Function("Health")]
    public static ApiResponse<HealthView> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
        => ApiResponse.Ok(new HealthView("ok"));
}
