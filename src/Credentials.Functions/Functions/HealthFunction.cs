using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Functions;

/// <summary>Anonymous liveness probe.</summary>
public sealed class HealthFunction
{
    /// <summary>Answers 200 while the process runs; touches no dependency.</summary>
    [Function("Health")]
    public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
        => TypedResults.Ok(new { status = "ok" });
}
