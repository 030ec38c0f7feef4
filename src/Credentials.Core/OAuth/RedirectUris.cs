using System.Text;

namespace Credentials.Core.OAuth;

/// <summary>Redirect URI rules: exact match of scheme, host, port and path against the tenant's list (a query is allowed and kept).</summary>
public static class RedirectUris
{
    /// <summary>True when <paramref name="requested"/> matches one of <paramref name="allowed"/>.</summary>
    public static bool IsAllowed(string requested, IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (!Uri.TryCreate(requested, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        return allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var candidate)
            && string.Equals(candidate.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(candidate.IdnHost, uri.IdnHost, StringComparison.OrdinalIgnoreCase)
            && candidate.Port == uri.Port
            && string.Equals(candidate.AbsolutePath, uri.AbsolutePath, StringComparison.Ordinal));
    }

    /// <summary>The URI with the parameters appended to its query.</summary>
    public static string WithQuery(string uri, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(parameters);
        var builder = new StringBuilder(uri);
        var separator = uri.Contains('?', StringComparison.Ordinal) ? (uri.EndsWith('?') || uri.EndsWith('&') ? string.Empty : "&") : "?";
        foreach (var (name, value) in parameters)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = "&";
        }

        return builder.ToString();
    }
}
