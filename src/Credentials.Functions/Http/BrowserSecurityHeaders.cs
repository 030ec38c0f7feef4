using Microsoft.AspNetCore.Http;

namespace Credentials.Functions.Http;

/// <summary>
/// The headers of every page the service shows an end user's browser: nothing may load, run, frame or sniff it, it is never
/// cached, and the URL it came from (which carries an authorization code or state) is never sent on as a Referer.
/// </summary>
public static class BrowserSecurityHeaders
{
    /// <summary>The policy of a page that is plain HTML with no scripts, styles, images or forms.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Sets the headers on <paramref name="response"/>.</summary>
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
