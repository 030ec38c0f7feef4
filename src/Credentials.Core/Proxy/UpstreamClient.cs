using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Network;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Proxy;

/// <summary>
/// Sends requests to providers' APIs (proxied calls and verification requests) through the SSRF-guarded handler, with the
/// configured timeout up to the response headers, and turns transport failures into <see cref="ServiceException"/>s.
/// Requests are sent exactly once: proxied calls may not be idempotent, so the client has no retry handler.
/// </summary>
public class UpstreamClient(IHttpClientFactory httpClientFactory, IOptions<CredentialsOptions> options)
{
    /// <summary>The named HTTP client (guarded handler, no redirects, no retries, no timeout of its own).</summary>
    public const string HttpClientName = "provider-api";

    /// <summary>
    /// Sends <paramref name="request"/> and returns once the response headers arrived; the body is still to be read. Throws
    /// <see cref="ErrorCodes.UpstreamTimeout"/> or <see cref="ErrorCodes.UpstreamUnreachable"/>, or the <see cref="ServiceException"/>
    /// raised while the request body was read (<see cref="ErrorCodes.PayloadTooLarge"/>).
    /// </summary>
    public virtual async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Clients from the factory share pooled handlers and need no disposal; disposing one would not end a streamed body either.
        var http = httpClientFactory.CreateClient(HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.ProxyTimeoutSeconds));
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceException(ErrorCodes.UpstreamTimeout, $"The provider did not answer within {options.Value.ProxyTimeoutSeconds} seconds.");
        }
        catch (HttpRequestException e) when (Find<ServiceException>(e) is { } raised)
        {
            throw raised;
        }
        catch (HttpRequestException e) when (Find<BlockedAddressException>(e) is { } blocked)
        {
            throw new ServiceException(ErrorCodes.UpstreamUnreachable, blocked.Message);
        }
        catch (HttpRequestException)
        {
            throw new ServiceException(ErrorCodes.UpstreamUnreachable, "The provider could not be reached.");
        }
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found)
            {
                return found;
            }
        }

        return null;
    }
}
