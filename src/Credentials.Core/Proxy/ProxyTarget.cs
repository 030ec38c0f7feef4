using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Credentials.Core.Connectors;
using Credentials.Core.Network;

namespace Credentials.Core.Proxy;

/// <summary>
/// Builds the upstream URL of a proxied call from the connector's <c>api.baseUrl</c>, the caller's path and query, and refuses anything
/// that could leave the connector's hosts or path space: traversal, encoded separators, absolute URLs, user info, fragments, foreign or
/// internal hosts, plain http.
/// </summary>
/// <remarks>
/// The path is the <c>{*path}</c> route value, which the host has already percent-decoded once. Every further decoding is checked too,
/// because an upstream or an intermediary may decode again (<c>%252e%252e</c>). Characters outside RFC 3986 <c>pchar</c> are
/// percent-encoded; existing <c>%XX</c> triplets are kept, so a raw (undecoded) path is forwarded byte for byte. The query string is
/// the raw one and is kept byte for byte except characters that are not valid in a query, which are percent-encoded. The result is
/// created without .NET's path canonicalisation, which would otherwise unescape <c>%41</c> and <c>%7E</c> and change the bytes sent.
/// </remarks>
public static partial class ProxyTarget
{
    private static readonly UriCreationOptions ExactPathAndQuery = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>Expands the connector's base URL from <paramref name="values"/> (fields and metadata) and builds the target.</summary>
    public static ProxyTargetResult Create(ConnectorApi api, IReadOnlyDictionary<string, string> values, string? path, string? query, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(values);
        if (string.IsNullOrEmpty(api.BaseUrl))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.InvalidBaseUrl, "The connector has no API base URL.");
        }

        string baseUrl;
        try
        {
            baseUrl = UrlTemplate.Expand(api.BaseUrl, values);
        }
        catch (TemplateValueMissingException e)
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.InvalidBaseUrl, e.Message);
        }

        return Create(baseUrl, api.AllowedHosts, path, query, allowLoopback);
    }

    /// <summary>Builds the target from an expanded base URL.</summary>
    public static ProxyTargetResult Create(string baseUrl, IReadOnlyList<string> allowedHosts, string? path, string? query, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(allowedHosts);

        var baseCheck = CheckBase(baseUrl, allowedHosts, allowLoopback, out var baseUri);
        if (baseCheck is not null)
        {
            return baseCheck;
        }

        var pathCheck = CheckPath(path ?? "", out var encodedPath);
        if (pathCheck is not null)
        {
            return pathCheck;
        }

        var queryCheck = CheckQuery(query ?? "", out var encodedQuery);
        if (queryCheck is not null)
        {
            return queryCheck;
        }

        var basePath = baseUri!.AbsolutePath.TrimEnd('/');
        var text = new StringBuilder(baseUri.GetLeftPart(UriPartial.Authority)).Append(basePath).Append('/').Append(encodedPath);
        if (encodedQuery.Length > 0)
        {
            text.Append('?').Append(encodedQuery);
        }

        // The pieces were checked separately; check the whole once more so no combination moved the host or added user info.
        if (!Uri.TryCreate(text.ToString(), in ExactPathAndQuery, out var target)
            || !string.Equals(target.IdnHost, baseUri.IdnHost, StringComparison.OrdinalIgnoreCase)
            || target.Port != baseUri.Port
            || !string.Equals(target.Scheme, baseUri.Scheme, StringComparison.Ordinal)
            || target.UserInfo.Length > 0
            || target.Fragment.Length > 0)
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.AbsoluteUrl, "The path does not stay on the connector's host.");
        }

        return ProxyTargetResult.Allowed(target);
    }

    private static ProxyTargetResult? CheckBase(string baseUrl, IReadOnlyList<string> allowedHosts, bool allowLoopback, out Uri? baseUri)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.InvalidBaseUrl, "The connector's API base URL is not an absolute http(s) URL.");
        }

        if (baseUri.UserInfo.Length > 0)
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.UserInfo, "The API base URL must not contain user information.");
        }

        if (baseUri.Fragment.Length > 0 || baseUrl.Contains('#', StringComparison.Ordinal))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.Fragment, "The API base URL must not have a fragment.");
        }

        if (baseUri.Query.Length > 0)
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.InvalidBaseUrl, "The API base URL must not have a query.");
        }

        var host = baseUri.IdnHost;
        var isLiteral = NetworkAddressPolicy.TryParseHostAsAddress(host, out var literal);
        if (isLiteral && !NetworkAddressPolicy.IsAllowed(literal!, allowLoopback))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.BlockedAddress, $"The host '{host}' is an address the proxy may not reach.");
        }

        if (!AllowedHostPattern.MatchesAny(allowedHosts, host))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.HostNotAllowed, $"The host '{host}' is not one of the connector's allowed hosts.");
        }

        var isLoopback = isLiteral ? IPAddress.IsLoopback(literal!) : string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
        if (baseUri.Scheme != Uri.UriSchemeHttps && !(allowLoopback && isLoopback))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.InsecureScheme, "The upstream must be reached over https.");
        }

        return null;
    }

    private static ProxyTargetResult? CheckPath(string path, out string encoded)
    {
        encoded = "";
        if (path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("/\\", StringComparison.Ordinal))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.AbsoluteUrl, "The path must not be a scheme-relative URL.");
        }

        // A single leading slash is tolerated so connector paths such as "/api/v2/agents/me" can be passed as they are written.
        var relative = path.StartsWith('/') ? path[1..] : path;
        if (relative.Contains('#', StringComparison.Ordinal))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.Fragment, "The path must not contain a fragment.");
        }

        foreach (var form in DecodedForms(relative))
        {
            var failure = CheckPathForm(form);
            if (failure is not null)
            {
                return failure;
            }
        }

        encoded = Encode(relative, IsPathChar);
        return null;
    }

    private static ProxyTargetResult? CheckPathForm(string form)
    {
        if (form.Any(char.IsControl))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.InvalidCharacters, "The path must not contain control characters.");
        }

        if (form.Contains('\\', StringComparison.Ordinal))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.PathTraversal, "The path must not contain backslashes.");
        }

        // Servlet containers (Tomcat, Jetty) drop ";params" from a segment before resolving dots, so "..;x" climbs like "..".
        if (form.Split('/').Any(segment => segment.Split(';')[0] is "." or ".."))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.PathTraversal, "The path must not contain '.' or '..' segments (with or without ';' parameters).");
        }

        if (form.Contains("%2f", StringComparison.OrdinalIgnoreCase) || form.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.EncodedSeparator, "The path must not contain encoded slashes or backslashes.");
        }

        if (form.StartsWith('/') || SchemePrefix().IsMatch(form))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.AbsoluteUrl, "The path must not be an absolute or scheme-relative URL.");
        }

        return null;
    }

    private static ProxyTargetResult? CheckQuery(string query, out string encoded)
    {
        encoded = "";
        var raw = query.StartsWith('?') ? query[1..] : query;
        if (raw.Contains('#', StringComparison.Ordinal))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.Fragment, "The query must not contain a fragment.");
        }

        if (raw.Any(char.IsControl))
        {
            return ProxyTargetResult.Refused(ProxyTargetFailureReason.InvalidCharacters, "The query must not contain control characters.");
        }

        encoded = Encode(raw, c => IsPathChar(c) || c == '?');
        return null;
    }

    // The path as given, then each further percent-decoding until it stops changing (bounded: each round shortens the text).
    private static IEnumerable<string> DecodedForms(string path)
    {
        var form = path;
        yield return form;
        for (var round = 0; round < 8; round++)
        {
            var next = Uri.UnescapeDataString(form);
            if (next == form)
            {
                yield break;
            }

            form = next;
            yield return form;
        }
    }

    private static string Encode(string text, Func<char, bool> keep)
    {
        var builder = new StringBuilder(text.Length);
        var bytes = new byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                builder.Append(text, i, 3);
                i += 2;
            }
            else if (c != '%' && c < 0x80 && keep(c))
            {
                builder.Append(c);
            }
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < text.Length
                    ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), bytes)
                    : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), bytes);
                for (var b = 0; b < length; b++)
                {
                    builder.Append('%').Append(bytes[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.ToString();
    }

    // RFC 3986 pchar (unreserved, sub-delims, ':' and '@') plus the '/' separator.
    private static bool IsPathChar(char c)
        => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/';

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePrefix();
}
