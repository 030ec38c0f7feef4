using Credentials.Core.Proxy;
using Credentials.Core.UseCases;
using Credentials.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>Calls the connector's API with a credential applied (<c>{any} /credentials/{credentialId}/proxy/{*path}</c>).</summary>
public sealed class ProxyFunction(ApiCall api, ProxyService proxy)
{
    /// <summary>
    /// Forwards the request to the connector's base URL plus <c>path</c> and the query string, and answers with the provider's
    /// status, safe headers, <c>X-Credential-Id</c> and body.
    /// </summary>
    /// <remarks>
    /// Both hosts hand <c>{*path}</c> over percent-decoded, and Kestrel has already removed dot segments from the decoded path, so the
    /// route value can neither show a traversal attempt nor keep the caller's bytes (<c>a%2Fb</c> and <c>a/b</c> would look alike). The
    /// path forwarded is therefore the raw one, cut from the request target after <c>/{credentialId}/proxy/</c>; <see cref="ProxyTarget"/>
    /// checks it in every decoding and forwards it byte for byte. Only when the raw target cannot be matched to the route does the
    /// decoded route value go to the same checks.
    /// </remarks>
    [Function("Proxy")]
    public Task<ProxyResult> ProxyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "credentials/{credentialId}/proxy/{*path}")] HttpRequest request,
        string credentialId,
        string? path,
        CancellationToken cancellationToken)
        => api.ForTenantAsync(request, async tenant =>
        {
            var forwarded = new ProxyRequest
            {
                Method = request.Method,
                Path = RawPath(request, credentialId) ?? path ?? string.Empty,
                Query = request.QueryString.Value,
                Headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase),
                Body = request.Body,
                ContentLength = request.ContentLength,
            };
            return new ProxyResult(await proxy.ForwardAsync(tenant, credentialId, forwarded, cancellationToken));
        });

    // The part of the raw request target after ".../{credentialId}/proxy/", without the query; null when it cannot be found.
    private static string? RawPath(HttpRequest request, string credentialId)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || !target.StartsWith('/'))
        {
            return null;
        }

        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? target : target[..queryStart];
        var marker = $"/{credentialId}/proxy";
        var at = rawPath.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = rawPath[(at + marker.Length)..];
        return rest.Length == 0 ? string.Empty : rest[0] == '/' ? rest[1..] : null;
    }
}
