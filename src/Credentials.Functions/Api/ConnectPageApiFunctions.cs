using Credentials.Core.ConnectSessions;
using Credentials.Core.Contracts;
using Credentials.Core.UseCases;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>
/// What the connect page's script calls with the session token (<c>Connect-Token</c> header, never a tenant key): the session as
/// the page shows it, and the creation of a credential for the session's user.
/// </summary>
public sealed class ConnectPageApiFunctions(ApiCall api, ConnectPageService pages, Core.Configuration.ApiRoutes routes)
{
    /// <summary>The session's offered connectors (with their input schemas), the tenant's name and colour, and its own results.</summary>
    [Function("GetConnectPageSession")]
    public Task<ApiResponse<ConnectPageView>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connect/session")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.AnonymousAsync(request, async () =>
        {
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            var (session, _) = await pages.AuthenticateAsync(request.Headers[ConnectSessionToken.HeaderName], cancellationToken);
            return ApiResponse.Ok(await pages.ViewAsync(session, cancellationToken));
        });

    /// <summary>
    /// apiKey, basic and custom: stores the credential (201 with where the page goes next); oauth2: 200 with the provider's
    /// authorization URL, whose callback returns to the page. 429 after 10 attempts a minute; 409 <c>session_completed</c> once a
    /// single-use session has its credential; 410 <c>session_expired</c>.
    /// </summary>
    [Function("CreateConnectPageCredential")]
    public Task<ApiResponse<ConnectPageResult, AuthorizationLink>> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "connect/session/credentials")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.AnonymousAsync(request, async () =>
        {
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            var (session, etag) = await pages.AuthenticateAsync(request.Headers[ConnectSessionToken.HeaderName], cancellationToken);
            var body = ConnectCredentialRequest.Read(await RequestBody.ReadJsonAsync(request, cancellationToken: cancellationToken));
            var result = await pages.CreateAsync(session, etag, body, cancellationToken);
            return ApiResponse.Stored<ConnectPageResult, AuthorizationLink>(result.Stored is { } stored
                ? ApiResults.Created(request, routes.ConnectPageSession, ConnectPageService.ResultView(session, stored.CredentialId, stored.ConnectorId))
                : ApiResults.Ok(result.Link!));
        });
}
