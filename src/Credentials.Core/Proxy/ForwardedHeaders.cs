namespace Credentials.Core.Proxy;

/// <summary>Which headers cross the proxy: an allow-list for requests (nothing that authenticates or identifies the caller), a deny-list for responses.</summary>
public static class ForwardedHeaders
{
    private static readonly HashSet<string> RequestAllowList = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Accept-Language", "Accept-Encoding",
        "Content-Type", "Content-Language", "Content-Encoding", "Content-Disposition",
        // Framing of the forwarded body: without it a streamed body goes out chunked, which some APIs refuse.
        "Content-Length",
        "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range", "Range",
        "User-Agent", "X-Request-Id",
        // Retries stay safe only if the provider sees the caller's key (Stripe, PayPal, the IETF draft name).
        "Idempotency-Key",
        // Response preferences and API version pins: they choose a representation, not an identity.
        "Prefer", "Stripe-Version", "X-GitHub-Api-Version",
    };

    private static readonly HashSet<string> ResponseDenyList = new(StringComparer.OrdinalIgnoreCase)
    {
        // The provider's session cookies are the service's, not the caller's.
        "Set-Cookie", "Set-Cookie2",
        // Hop-by-hop (RFC 9110 section 7.6.1): they describe the upstream connection only.
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Authentication-Info",
        // Policies for the provider's origin must not become policies for this service's origin.
        "Strict-Transport-Security", "Alt-Svc",
        // A provider's challenge would read as this service refusing the caller's key; its software names are its own business.
        "WWW-Authenticate", "Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version",
    };

    /// <summary>True when a caller's request header may be sent upstream. <paramref name="connectionTokens"/> are the names the caller's <c>Connection</c> header lists, which are hop-by-hop.</summary>
    public static bool ForwardRequestHeader(string name, IEnumerable<string>? connectionTokens = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return RequestAllowList.Contains(name) && !Listed(name, connectionTokens);
    }

    /// <summary>True when an upstream response header may be returned to the caller. <paramref name="connectionTokens"/> are the names the upstream's <c>Connection</c> header lists.</summary>
    public static bool ForwardResponseHeader(string name, IEnumerable<string>? connectionTokens = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return !ResponseDenyList.Contains(name)
            && !name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
            // CORS grants for the provider's origin would otherwise open this service's responses to browsers.
            && !name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)
            && !Listed(name, connectionTokens);
    }

    private static bool Listed(string name, IEnumerable<string>? connectionTokens)
        => connectionTokens is not null && connectionTokens.Any(token => string.Equals(token.Trim(), name, StringComparison.OrdinalIgnoreCase));
}
