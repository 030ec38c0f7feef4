namespace Credentials.Core.Proxy;

/// <summary>Matches a host against a connector's <c>allowedHosts</c> entry.</summary>
/// <remarks>
/// <c>*.zendesk.com</c> matches one or more whole labels before <c>.zendesk.com</c> (<c>acme.zendesk.com</c>, <c>a.b.zendesk.com</c>)
/// but not the bare <c>zendesk.com</c>: a wildcard stands for a tenant's subdomain, and the apex is usually another service (marketing
/// site, login); list it separately when a provider needs it. Other entries match exactly. Both ignore ASCII case.
/// </remarks>
public static class AllowedHostPattern
{
    /// <summary>True when <paramref name="host"/> (a DNS name, no trailing dot) is covered by <paramref name="pattern"/>.</summary>
    public static bool Matches(string pattern, string host)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(host);
        if (host.Length == 0 || host.EndsWith('.'))
        {
            return false;
        }

        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
        }

        var suffix = pattern[1..]; // ".zendesk.com"
        if (host.Length <= suffix.Length || !host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var prefix = host[..^suffix.Length];
        return prefix.Split('.').All(label => label.Length > 0);
    }

    /// <summary>True when any pattern matches.</summary>
    public static bool MatchesAny(IEnumerable<string> patterns, string host)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return patterns.Any(pattern => Matches(pattern, host));
    }
}
