using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.DevServer.Functions;
using Credentials.Functions.Http;

namespace Credentials.DevServer.Http;

/// <summary>
/// Gives the answers no function wrote a problem+json body: 404 <c>route_not_found</c> for a path no route matches and 405
/// <c>method_not_allowed</c> (with routing's <c>Allow</c> header) for a known path with another method. A middleware, not a
/// catch-all function: the Functions host orders routes by function name, so a <c>{*path}</c> function could capture real routes
/// in Azure, where the host itself answers these with an empty 404.
/// </summary>
internal static class UnmatchedRequestProblems
{
    /// <summary>Adds the middleware; answers written by a function (a proxied provider's empty 404 included) are left as they are.</summary>
    public static void UseProblemsForUnmatchedRequests(this WebApplication app, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(app);

        // A functions assembly without the credentials service (DevServer's own tests) has neither: RFC 9457's default type then.
        var problemTypes = app.Services.GetService<ProblemTypes>();
        var routes = app.Services.GetService<ApiRoutes>() ?? new ApiRoutes(routePrefix);
        app.Use(async (context, next) =>
        {
            await next(context);
            var response = context.Response;
            if (response.HasStarted || response.StatusCode is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
                || response.ContentType is not null || context.GetEndpoint()?.Metadata.GetMetadata<HttpFunctionDefinition>() is not null)
            {
                return;
            }

            var request = $"{context.Request.Method} {context.Request.Path}";
            var (code, detail) = response.StatusCode == StatusCodes.Status405MethodNotAllowed
                ? (ErrorCodes.MethodNotAllowed, $"{request}: this path answers {response.Headers.Allow} only.")
                : (ErrorCodes.RouteNotFound, $"No route answers {request}; the routes are described at {routes.Path("openapi.json")}.");
            var (status, title) = ApiResults.Describe(code);
            await ApiResults.Problem(problemTypes?.For(code) ?? "about:blank", status, code, title, detail).ExecuteAsync(context);
        });
    }
}
