using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Limits;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Credentials.Functions.Http;

/// <summary>
/// The one authentication and error-mapping call every HTTP function makes. It is plain code, not worker middleware, so
/// DevServer and the Functions host run exactly the same checks. <see cref="RequestAdmission"/> counts failed authentications
/// per client address and key id and applies each tenant key's rate.
/// </summary>
public sealed partial class ApiCall(RequestAdmission admission, ProblemTypes problemTypes, ILogger<ApiCall> logger)
{
    /// <summary>Authenticates the tenant's API key, then runs <paramref name="handle"/>; failures become problem responses.</summary>
    public async Task<TResponse> ForTenantAsync<TResponse>(HttpRequest request, Func<TenantContext, Task<TResponse>> handle)
        where TResponse : IApiResponse<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        NoSniff(request);
        try
        {
            var tenant = await admission.AdmitTenantAsync(request.Headers.Authorization, name => request.Headers[name], request.HttpContext.Connection.RemoteIpAddress, request.HttpContext.RequestAborted);
            return await handle(tenant);
        }
        catch (Exception e)
        {
            return TResponse.FromProblem(Map(request, e));
        }
    }

    /// <summary>Requires the platform admin key, then runs <paramref name="handle"/>.</summary>
    public async Task<TResponse> ForPlatformAdminAsync<TResponse>(HttpRequest request, Func<Task<TResponse>> handle)
        where TResponse : IApiResponse<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        NoSniff(request);
        try
        {
            admission.AdmitPlatformAdmin(request.Headers.Authorization, name => request.Headers[name], request.HttpContext.Connection.RemoteIpAddress);
            return await handle();
        }
        catch (Exception e)
        {
            return TResponse.FromProblem(Map(request, e));
        }
    }

    /// <summary>Runs an anonymous route (health, OAuth callback) with the same error mapping.</summary>
    public async Task<TResponse> AnonymousAsync<TResponse>(HttpRequest request, Func<Task<TResponse>> handle)
        where TResponse : IApiResponse<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        NoSniff(request);
        try
        {
            return await handle();
        }
        catch (Exception e)
        {
            return TResponse.FromProblem(Map(request, e));
        }
    }

    // Every answer is JSON, a problem, a page or a proxied body: none may be sniffed into something a browser runs.
    private static void NoSniff(HttpRequest request) => request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";

    private IResult Map(HttpRequest request, Exception exception)
    {
        if (exception is DataKeyDeletedException shredded)
        {
            // Crypto-shredded data is a permanent, expected state of the tenant, not a fault.
            exception = new ServiceException(ErrorCodes.DataKeyDeleted, shredded.Message);
        }

        switch (exception)
        {
            case ServiceException service:
                if (service.Code == ErrorCodes.Unauthorized)
                {
                    request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                }

                if (service.RetryAfter is { } retryAfter)
                {
                    request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var (status, title) = ApiResults.Describe(service.Code);
                return ApiResults.Problem(problemTypes.For(service.Code), status, service.Code, title, service.Message, service.Errors, service.Extensions);

            case OperationCanceledException when request.HttpContext.RequestAborted.IsCancellationRequested:
                // The caller went away; nobody reads this answer.
                return Results.StatusCode(499);

            default:
                var traceId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier;
                LogUnhandled(logger, exception, request.Method, request.Path.Value ?? string.Empty, traceId);
                var (internalStatus, internalTitle) = ApiResults.Describe(ErrorCodes.InternalError);
                return ApiResults.Problem(problemTypes.For(ErrorCodes.InternalError), internalStatus, ErrorCodes.InternalError, internalTitle, "The error was logged.", extensions: new Dictionary<string, object?> { ["traceId"] = traceId });
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
