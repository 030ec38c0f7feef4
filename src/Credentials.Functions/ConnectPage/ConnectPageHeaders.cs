namespace Credentials.Functions.ConnectPage;

/// <summary>
/// The response headers of the connect page and its files: a strict Content-Security-Policy (scripts, styles and images only
/// from the service itself, no inline script, no plugins, no form posts, frames only from the tenant's allowed origins),
/// <c>nosniff</c>, no <c>Referer</c>, and no caching of the page.
/// </summary>
public static class ConnectPageHeaders
{
    /// <summary>The Content-Security-Policy of the page; <paramref name="frameAncestors"/> are canonical https origins (validated settings).</summary>
    public static string ContentSecurityPolicy(IReadOnlyList<string> frameAncestors)
    {
        ArgumentNullException.ThrowIfNull(frameAncestors);
        var ancestors = frameAncestors.Count == 0 ? "'none'" : string.Join(' ', frameAncestors);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + $"base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors {ancestors}";
    }

    /// <summary>Headers of the page itself.</summary>
    public static IReadOnlyDictionary<string, string> ForPage(IReadOnlyList<string> frameAncestors)
    {
        var headers = Common("no-store");
        headers["Content-Security-Policy"] = ContentSecurityPolicy(frameAncestors);
        if (frameAncestors is { Count: 0 })
        {
            // For browsers that predate frame-ancestors.
            headers["X-Frame-Options"] = "DENY";
        }

        return headers;
    }

    /// <summary>Headers of the stylesheet, script, strings and icon (the same for every tenant, so they may be cached).</summary>
    public static IReadOnlyDictionary<string, string> ForAsset()
    {
        var headers = Common("public, max-age=3600");
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        return headers;
    }

    private static Dictionary<string, string> Common(string cacheControl) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Cache-Control"] = cacheControl,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
    };
}
