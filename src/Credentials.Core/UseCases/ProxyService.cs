using System.Net;
using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Errors;
using Credentials.Core.Proxy;
using Credentials.Core.Refresh;
using Credentials.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>
/// Calls a connector's API with a credential applied (docs/architecture.md, "A proxy call"): the credential must be usable, the URL stays on the
/// connector's allowed hosts, only safe caller headers go out and only safe provider headers come back, bodies are capped.
/// </summary>
public class ProxyService(IUsableCredentialSource access, ApiAuthApplier applier, UpstreamClient upstream, AuditTrail audit, IOptions<CredentialsOptions> options)
{
    /// <summary>The largest request body forwarded (10 MiB); larger ones answer 413.</summary>
    public const long MaxBodyBytes = 10 * 1024 * 1024;

    /// <summary>Bodies up to this size (256 KiB) are held in memory so an OAuth request refused with 401 can be retried once.</summary>
    public const int ReplayableBodyBytes = 256 * 1024;

    /// <summary>
    /// Forwards <paramref name="request"/> through the credential and returns the provider's response (status, safe headers and
    /// streamed body; the caller disposes it). Nothing is sent when the credential is invalid (409), the path or host is refused
    /// (400) or the declared body is too large (413). An oauth2 request answered 401 is sent once more after a forced refresh,
    /// when its body was buffered. Every call that reached the provider is audited: method, host, path without its query, status.
    /// </summary>
    public virtual async Task<ProxyResponse> ForwardAsync(TenantContext tenant, string credentialId, ProxyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBodyBytes)
        {
            throw ProxyRequestBody.TooLarge(MaxBodyBytes);
        }

        var method = HttpMethod.Parse(request.Method);
        var usable = await access.GetUsableAsync(tenant, credentialId, forceRefresh: false, cancellationToken);
        var target = Target(usable, request);
        var body = await ProxyRequestBody.ReadAsync(request.Body, request.ContentLength, ReplayableBodyBytes, MaxBodyBytes, cancellationToken);

        var response = await SendAsync(usable, method, target, request, body, cancellationToken);
        var retried = false;
        if (response.StatusCode == HttpStatusCode.Unauthorized
            && usable.Credential.AuthenticationType == AuthenticationTypes.OAuth2
            && body.IsReplayable)
        {
            // The provider refused the access token before its expiry (revoked, rotated elsewhere): refresh once and retry once.
            response.Dispose();
            usable = await access.GetUsableAsync(tenant, credentialId, forceRefresh: true, cancellationToken);
            target = Target(usable, request);
            response = await SendAsync(usable, method, target, request, body, cancellationToken);
            retried = true;
        }

        audit.Record(AuditEntry.ByKey(tenant, AuditActs.ProxyCall) with
        {
            CredentialId = credentialId,
            ConnectorId = usable.Credential.ConnectorId,
            Method = method.Method,
            Host = target.IdnHost,
            Path = target.AbsolutePath,
            Status = (int)response.StatusCode,
            Outcome = retried ? "sent again after a refresh" : "sent",
        });

        try
        {
            return await ProxyResponse.FromAsync(response, credentialId, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private Uri Target(UsableCredential usable, ProxyRequest request)
    {
        var api = usable.Connector.Api;
        if (api is null || !api.Auth.ContainsKey(usable.Credential.AuthenticationType))
        {
            throw ServiceException.Invalid("credentialId", $"The connector '{usable.Connector.Id}' has no API the proxy can call with this credential.");
        }

        var target = ProxyTarget.Create(api, usable.Values, request.Path, request.Query, options.Value.AllowInsecureLoopback);
        if (!target.Succeeded)
        {
            var field = target.Failure.Reason switch
            {
                ProxyTargetFailureReason.InvalidBaseUrl or ProxyTargetFailureReason.HostNotAllowed
                    or ProxyTargetFailureReason.BlockedAddress or ProxyTargetFailureReason.InsecureScheme => "baseUrl",
                _ => "path",
            };
            throw ServiceException.Invalid(field, target.Failure.Message);
        }

        return target.Uri;
    }

    private async Task<HttpResponseMessage> SendAsync(
        UsableCredential usable, HttpMethod method, Uri target, ProxyRequest request, ProxyRequestBody body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, target) { Content = body.CreateContent() };
        var connectionTokens = request.Headers.TryGetValue("Connection", out var connection)
            ? connection.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList()
            : [];
        foreach (var (name, values) in request.Headers)
        {
            // The body's length is the content's own (set when it is buffered or declared), never a caller's second opinion.
            if (!ForwardedHeaders.ForwardRequestHeader(name, connectionTokens) || string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values);
            }
        }

        try
        {
            await applier.ApplyAsync(message, usable.Connector, usable.Credential.AuthenticationType, usable.Values, cancellationToken);
        }
        catch (TemplateValueMissingException e)
        {
            throw ServiceException.Invalid("credentialId", $"The credential lacks the value '{e.Name}' its connector needs to call the API.");
        }

        return await upstream.SendAsync(message, cancellationToken);
    }
}
