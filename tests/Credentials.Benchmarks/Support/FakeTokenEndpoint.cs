using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;

namespace Credentials.Benchmarks.Support;

/// <summary>
/// An in-process token endpoint: answers every refresh at once (or after <see cref="Latency"/>) with a new access token and
/// a rotated refresh token. With <see cref="DetectReplays"/> it refuses a refresh token presented twice, as a rotating
/// provider would, and counts it (a replay means the service called the provider twice for one token).
/// </summary>
public sealed class FakeTokenEndpoint : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, byte> used = new(StringComparer.Ordinal);
    private long calls;
    private long replays;
    private long issued;

    /// <summary>How long each answer takes (zero: at once).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Remember every presented refresh token and refuse repeats (costs memory per refresh; off for the memory run).</summary>
    public bool DetectReplays { get; init; } = true;

    /// <summary>Token endpoint calls so far.</summary>
    public long Calls => Interlocked.Read(ref calls);

    /// <summary>Refresh tokens presented more than once.</summary>
    public long Replays => Interlocked.Read(ref replays);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        if (DetectReplays)
        {
            var form = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var presented = form.Split('&').FirstOrDefault(p => p.StartsWith("refresh_token=", StringComparison.Ordinal)) ?? string.Empty;
            if (!used.TryAdd(presented, 0))
            {
                Interlocked.Increment(ref replays);
                return Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""");
            }
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken).ConfigureAwait(false);
        }

        var n = Interlocked.Increment(ref issued).ToString(CultureInfo.InvariantCulture);
        return Json(HttpStatusCode.OK, "{\"access_token\":\"at-" + n + "\",\"refresh_token\":\"rt-" + n + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body)
        => new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}

/// <summary>Hands every named client the same handler (the token endpoint client disposes clients, not the handler).</summary>
public sealed class FixedClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    /// <inheritdoc />
    public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
}
