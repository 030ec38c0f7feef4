using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.UseCases;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Connect sessions as the tenant creates, polls and revokes them (tenant key).</summary>
public sealed class ConnectSessionsFunctions(ApiCall api, ConnectSessionService sessions, ApiRoutes routes)
{
    /// <summary>
    /// Creates a session for one end user and returns the hosted page's link, whose fragment carries the token (shown once; only
    /// its hash is stored, so this route takes no Idempotency-Key: a replay would have to store the token).
    /// </summary>
    [Function("CreateConnectSession")]
    public Task<ApiResponse<ConnectSessionLink>> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "connect/sessions")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var body = CreateConnectSessionRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var link = await sessions.CreateAsync(tenant, body, cancellationToken);
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return ApiResponse.Created(request, routes.ConnectSession(link.SessionId), link);
        });

    /// <summary>The session's status (<c>pending</c>, <c>completed</c>, <c>expired</c>), the credentials it created and its last error.</summary>
    [Function("GetConnectSession")]
    public Task<ApiResponse<ConnectSessionView>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connect/sessions/{sessionId}")] HttpRequest request,
        string sessionId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant => ApiResponse.Ok(await sessions.GetAsync(tenant, sessionId, cancellationToken)));

    /// <summary>Revokes the session: its token stops working at once (what it connected stays); then 404.</summary>
    [Function("RevokeConnectSession")]
    public Task<ApiResponse<NoBody>> RevokeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "connect/sessions/{sessionId}")] HttpRequest request,
        string sessionId,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            await sessions.RevokeAsync(tenant, sessionId, cancellationToken);
            return ApiResponse.NoContent();
        });
}
