namespace Credentials.Core.Network;

/// <summary>
/// Whether a URL names a host the guarded clients may connect to, judged at input before any DNS lookup: an IP literal in any
/// notation (<c>0xa9fea9fe</c>, <c>2852039166</c>, <c>[::ffff:169.254.169.254]</c>) by <see cref="NetworkAddressPolicy"/>, and
/// <c>localhost</c> names as loopback. A DNS name that resolves to a blocked address passes here and is refused when connecting
/// (<see cref="GuardedConnectCallback"/>), as before.
/// </summary>
public static class CallableHost
{
    /// <summary>Null when the URL's host may be called, else the reason (never echoing more than the host).</summary>
    public static string? Check(Uri uri, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var host = uri.IdnHost;
        if (NetworkAddressPolicy.TryParseHostAsAddress(host, out var address))
        {
            return NetworkAddressPolicy.IsAllowed(address, allowLoopback) ? null : $"The host '{host}' is an address the service may not call (private, loopback, link-local, metadata or reserved).";
        }

        var name = host.TrimEnd('.');
        var isLocalhost = string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        return isLocalhost && !allowLoopback ? $"The host '{host}' is this machine; the service may not call it." : null;
    }

    /// <summary>The same for a URL string; null also when it is not an absolute URL (other rules say so).</summary>
    public static string? Check(string url, bool allowLoopback)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Check(uri, allowLoopback) : null;
}
