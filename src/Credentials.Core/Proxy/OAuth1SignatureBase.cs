using System.Globalization;
using System.Text;

namespace Credentials.Core.Proxy;

/// <summary>The RFC 5849 section 3.4.1 signature base string and the section 3.6 percent-encoding it uses.</summary>
public static class OAuth1SignatureBase
{
    /// <summary>
    /// <c>METHOD&amp;encode(base URI)&amp;encode(normalized parameters)</c> over the query of <paramref name="uri"/> plus
    /// <paramref name="parameters"/> (protocol parameters without <c>oauth_signature</c>, and form-body parameters when there are any).
    /// </summary>
    public static string Build(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(parameters);
        var query = uri.Query.StartsWith('?') ? uri.Query[1..] : uri.Query;
        var all = ParseForm(query).Concat(parameters);
        return $"{method.ToUpperInvariant()}&{Encode(BaseStringUri(uri))}&{Encode(NormalizeParameters(all))}";
    }

    /// <summary>Section 3.4.1.2: lowercase scheme and host, the port only when not the scheme's default, the path as sent, no query.</summary>
    public static string BaseStringUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var scheme = uri.Scheme.ToLowerInvariant();
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost.ToLowerInvariant();
        var defaultPort = (scheme == "http" && uri.Port == 80) || (scheme == "https" && uri.Port == 443);
        var port = defaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        var path = uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath;
        return $"{scheme}://{host}{port}{path}";
    }

    /// <summary>Section 3.4.1.3.2: encode names and values, sort by name then value (byte order), join as <c>name=value</c> with <c>&amp;</c>.</summary>
    public static string NormalizeParameters(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var encoded = parameters.Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', encoded.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>Section 3.4.1.3.1: decodes an <c>application/x-www-form-urlencoded</c> string (<c>+</c> is a space; a name alone has an empty value).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseForm(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<KeyValuePair<string, string>>();
        foreach (var pair in text.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            result.Add(new(Decode(name), Decode(value)));
        }

        return result;
    }

    /// <summary>Section 3.6: UTF-8 bytes, unreserved characters (ALPHA, DIGIT, <c>-._~</c>) kept, every other byte as uppercase <c>%XX</c>.</summary>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
