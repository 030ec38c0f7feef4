using System.Net;

namespace Credentials.Core.Network;

/// <summary>The proxy refused to connect because a host is or resolves to an address <see cref="NetworkAddressPolicy"/> does not allow.</summary>
public sealed class BlockedAddressException : Exception
{
    /// <summary>Creates the exception for <paramref name="host"/>; the message names the host only, so it is safe to show a caller.</summary>
    public BlockedAddressException(string host, IPAddress? address = null)
        : base($"The upstream host '{host}' resolves to an address the proxy may not reach.")
    {
        Host = host;
        Address = address;
    }

    /// <summary>The host as requested.</summary>
    public string Host { get; }

    /// <summary>The refused address, for logs; not in the message because it describes internal networks.</summary>
    public IPAddress? Address { get; }
}
