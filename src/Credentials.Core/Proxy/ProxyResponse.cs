namespace Credentials.Core.Proxy;

/// <summary>
/// The provider's answer as the caller receives it: its status, the headers <see cref="ForwardedHeaders.ForwardResponseHeader"/>
/// allows plus <c>X-Credential-Id</c>, and its body as a stream still connected to the provider. Dispose it when the body is copied.
/// </summary>
public sealed class ProxyResponse : IDisposable
{
    /// <summary>The header naming the credential a proxied response came through.</summary>
    public const string CredentialIdHeader = "X-Credential-Id";

    private readonly HttpResponseMessage response;

    private ProxyResponse(HttpResponseMessage response, int statusCode, IReadOnlyList<KeyValuePair<string, string[]>> headers, Stream body)
    {
        this.response = response;
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
    }

    /// <summary>The provider's status code.</summary>
    public int StatusCode { get; }

    /// <summary>The headers to return, response and content headers together.</summary>
    public IReadOnlyList<KeyValuePair<string, string[]>> Headers { get; }

    /// <summary>The provider's body, streamed as it arrives with its <c>Content-Encoding</c> untouched.</summary>
    public Stream Body { get; }

    /// <summary>Wraps an upstream response, taking ownership of it.</summary>
    public static async Task<ProxyResponse> FromAsync(HttpResponseMessage response, string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var connectionTokens = response.Headers.Connection.ToList();
        var status = (int)response.StatusCode;

        // A 1xx, 204 or 304 answer has no body, and servers refuse a length on it.
        var bodyless = status is < 200 or 204 or 304;
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => ForwardedHeaders.ForwardResponseHeader(h.Key, connectionTokens))
            .Where(h => !string.Equals(h.Key, CredentialIdHeader, StringComparison.OrdinalIgnoreCase))
            .Where(h => !(bodyless && string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)))
            .Select(h => new KeyValuePair<string, string[]>(h.Key, [.. h.Value]))
            .Append(new KeyValuePair<string, string[]>(CredentialIdHeader, [credentialId]))
            .ToList();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new ProxyResponse(response, status, headers, body);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Body.Dispose();
        response.Dispose();
    }
}
