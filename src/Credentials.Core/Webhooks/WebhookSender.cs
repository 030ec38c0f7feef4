using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Credentials.Core.Webhooks;

/// <summary>
/// Sends one signed webhook request through the named <see cref="HttpClientName"/> client: the SSRF-guarded handler (public
/// addresses only, loopback only in development, no redirects followed) and a 10 s timeout, no retry handler (the outbox
/// retries).
/// </summary>
public class WebhookSender(IHttpClientFactory httpClientFactory)
{
    /// <summary>The named HTTP client.</summary>
    public const string HttpClientName = "webhooks";

    /// <summary>How long a receiver has to answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>POSTs <paramref name="body"/> with the Standard Webhooks headers; never throws for what the receiver or the network does.</summary>
    public virtual async Task<WebhookSendResult> SendAsync(Uri url, ReadOnlyMemory<byte> key, string eventId, DateTimeOffset attemptAt, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = attemptAt.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(StandardWebhookSigner.IdHeader, eventId);
        request.Headers.TryAddWithoutValidation(StandardWebhookSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(StandardWebhookSigner.SignatureHeader, StandardWebhookSigner.Sign(key.Span, eventId, timestamp, bytes));

        using var http = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            // Headers only: a receiver's body is never read, so a huge or slow one costs nothing.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.StatusCode switch
            {
                _ when response.IsSuccessStatusCode => new WebhookSendResult(WebhookSendOutcome.Delivered, status, $"status {status}"),
                HttpStatusCode.Gone => new WebhookSendResult(WebhookSendOutcome.Gone, status, "status 410"),
                _ => new WebhookSendResult(WebhookSendOutcome.Failed, status, $"status {status}"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookSendResult(WebhookSendOutcome.Failed, null, "timeout");
        }
        catch (HttpRequestException e)
        {
            return new WebhookSendResult(WebhookSendOutcome.Failed, null, e.InnerException is Network.BlockedAddressException ? "address refused" : "network error");
        }
    }
}
