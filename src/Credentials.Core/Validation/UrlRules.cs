using System.Net;

namespace Credentials.Core.Validation;

/// <summary>Rules for URLs the service will call or redirect to: absolute https, no fragment, user info, spaces or control characters; http only on loopback in development.</summary>
public static class UrlRules
{
    /// <summary>Longest URL accepted.</summary>
    public const int MaxLength = 2048;

    /// <summary>Null when <paramref name="value"/> is acceptable, else the reason.</summary>
    public static string? Check(string? value, bool allowInsecureLoopback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "A URL is required.";
        }

        if (value.Length > MaxLength)
        {
            return $"The URL is longer than {MaxLength} characters.";
        }

        // Uri.TryCreate trims and skips these, but the string as given is what ends up in a Location header or a request line.
        if (value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "The URL must not contain spaces or control characters (CR, LF, tab).";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return "The value is not an absolute URL.";
        }

        if (!string.IsNullOrEmpty(uri.Fragment) || value.Contains('#', StringComparison.Ordinal))
        {
            return "The URL must not have a fragment.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must not contain user information.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))
        {
            return allowInsecureLoopback ? null : "http is accepted only for loopback addresses when AllowInsecureLoopback is set; use https.";
        }

        return "The URL must use https.";
    }

    /// <summary>
    /// The canonical origin (<c>https://host[:port]</c>, lower-case, default port left out) of <paramref name="value"/>, or null with
    /// the reason: an origin has no path, query, fragment or user info, and is https (http only on loopback when allowed).
    /// </summary>
    public static (string? Origin, string? Problem) CheckOrigin(string? value, bool allowInsecureLoopback)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 300)
        {
            return (null, "An origin such as https://app.example.com is required (at most 300 characters).");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || value.Contains('#', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal)
            || !string.IsNullOrEmpty(uri.UserInfo) || uri.AbsolutePath != "/" || value.Contains('*', StringComparison.Ordinal))
        {
            return (null, "Not an origin: scheme, host and optional port only, e.g. https://app.example.com.");
        }

        var secure = uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri) && allowInsecureLoopback);
        if (!secure)
        {
            return (null, "The origin must use https.");
        }

        // Written as browsers serialise origins (punycode host, no default port), which is what CSP and postMessage compare.
        var host = uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost : uri.Host;
        return ($"{uri.Scheme}://{host.ToLowerInvariant()}{(uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}", null);
    }

    /// <summary>True for localhost and loopback IP literals.</summary>
    public static bool IsLoopback(Uri uri)
        => string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
           || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
