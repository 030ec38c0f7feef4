using System.Net;

namespace Credentials.Core.Limits;

/// <summary>
/// Which address a request came from, for counting failed authentications. Behind the Functions host the connection is the
/// host's own; the caller's address is the last entry of the forwarding header, the one the platform appended (entries before
/// it are whatever the client sent, and may be forged).
/// </summary>
public static class ClientAddress
{
    /// <summary>The last entry of <paramref name="forwarded"/> when it is an IP address (a port is dropped), else the connection's address, else <c>unknown</c>.</summary>
    public static string Of(IReadOnlyList<string?>? forwarded, IPAddress? connection)
    {
        var last = forwarded?.LastOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Split(',').Select(e => e.Trim()).LastOrDefault(e => e.Length > 0);
        if (last is not null && TryParse(last, out var address))
        {
            return address.ToString();
        }

        return connection is null ? "unknown" : (connection.IsIPv4MappedToIPv6 ? connection.MapToIPv4() : connection).ToString();
    }

    // "1.2.3.4", "1.2.3.4:5678", "::1", "[::1]:443".
    private static bool TryParse(string entry, out IPAddress address)
    {
        if (IPAddress.TryParse(entry, out address!))
        {
            address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            return true;
        }

        if (IPEndPoint.TryParse(entry, out var endpoint))
        {
            address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
            return true;
        }

        return false;
    }
}
