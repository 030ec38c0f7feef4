using Credentials.Core.UseCases;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Where providers send the end user back. Anonymous: the single-use state identifies the flow.</summary>
public sealed class OAuthCallbackFunction(ApiCall api, OAuthCallbackService callbacks)
{
    /// <summary>Completes the flow and redirects to the tenant, or shows a page when the link is invalid.</summary>
    [Function("OAuthCallback")]
    public Task<BrowserAnswer> CallbackAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "oauth/callback/{connectorId}")] HttpRequest request,
        string connectorId,
        CancellationToken cancellationToken)
        => api.AnonymousAsync(request, async () =>
        {
            // The URL carries a code and the page may carry errors: no caching, no Referer leaking either onwards.
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            request.HttpContext.Response.Headers["Referrer-Policy"] = "no-referrer";
            var outcome = await callbacks.CompleteAsync(connectorId, name => request.Query.TryGetValue(name, out var v) && v.Count == 1 ? v[0] : null, cancellationToken);
            return outcome.RedirectUri is not null ? BrowserAnswer.Redirect(outcome.RedirectUri) : BrowserAnswer.FailurePage(outcome.ErrorPage ?? string.Empty);
        });
}
