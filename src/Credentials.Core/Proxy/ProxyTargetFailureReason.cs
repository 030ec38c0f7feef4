using Credentials.Core.Network;

namespace Credentials.Core.Proxy;

/// <summary>Why the proxy refused to build an upstream URL.</summary>
public enum ProxyTargetFailureReason
{
    /// <summary>The connector's base URL did not expand to an absolute URL without query, or a template value is missing.</summary>
    InvalidBaseUrl,

    /// <summary>A <c>.</c> or <c>..</c> segment or a backslash, in any decoding of the path.</summary>
    PathTraversal,

    /// <summary>An encoded <c>/</c> or <c>\</c> (<c>%2F</c>, <c>%5C</c>) left in the path, which upstreams may decode into a separator.</summary>
    EncodedSeparator,

    /// <summary>The path is an absolute (<c>https:</c>) or scheme-relative (<c>//host</c>) URL.</summary>
    AbsoluteUrl,

    /// <summary>User information (<c>user@host</c>) in the URL.</summary>
    UserInfo,

    /// <summary>The host is not covered by the connector's <c>allowedHosts</c>.</summary>
    HostNotAllowed,

    /// <summary>An IP-literal host that <see cref="NetworkAddressPolicy"/> refuses.</summary>
    BlockedAddress,

    /// <summary>Not https (http is accepted only for loopback when loopback is allowed).</summary>
    InsecureScheme,

    /// <summary>A fragment (<c>#</c>).</summary>
    Fragment,

    /// <summary>Control characters.</summary>
    InvalidCharacters,
}
