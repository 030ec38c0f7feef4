using Credentials.Core.Errors;
using Credentials.Core.UseCases;
using Credentials.Functions.ConnectPage;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>
/// The hosted connect page and its files (anonymous: the page authenticates its API calls with the token from its fragment).
/// </summary>
public sealed class ConnectPageFunction(ApiCall api, ConnectPageService pages, ConnectPageAssets assets)
{
    /// <summary>
    /// The page, <c>Cache-Control: no-store</c>, with a strict Content-Security-Policy whose <c>frame-ancestors</c> are the
    /// tenant's <c>allowedFrameOrigins</c> (found from the session id in the query; none for an unknown one).
    /// </summary>
    [Function("ConnectPage")]
    public Task<PageAnswer> PageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connect")] HttpRequest request,
        CancellationToken cancellationToken)
        => api.AnonymousAsync(request, async () =>
        {
            var session = request.Query.TryGetValue("session", out var values) && values.Count == 1 ? values[0] : null;
            var context = await pages.PageContextAsync(session, cancellationToken);
            return PageAnswer.Ok(assets.RenderPage(context.Locale), "text/html; charset=utf-8", ConnectPageHeaders.ForPage(context.FrameAncestors));
        });

    /// <summary>The page's stylesheet, script and icon.</summary>
    [Function("ConnectPageAsset")]
    public Task<PageAnswer> AssetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "connect/assets/{name}")] HttpRequest request,
        string name)
        => api.AnonymousAsync(request, () => Task.FromResult(assets.Find(name) is { } asset
            ? PageAnswer.Ok(asset.Content, asset.ContentType, ConnectPageHeaders.ForAsset())
            : throw ServiceException.NotFound("file")));
}
