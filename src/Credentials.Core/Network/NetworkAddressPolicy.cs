using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Credentials.Core.Network;

/// <summary>Which IP addresses the proxy may connect to: public unicast only, never private, loopback, link-local, metadata or special-purpose ranges.</summary>
public static class NetworkAddressPolicy
{
    // IPv4 ranges no tenant request may reach (RFC 6890 special-purpose registry plus cloud metadata endpoints).
    private static readonly (uint Network, int PrefixLength)[] BlockedIPv4 =
    [
        (0x00000000, 8),   // 0.0.0.0/8 "this network"
        (0x0A000000, 8),   // 10.0.0.0/8 private
        (0x64400000, 10),  // 100.64.0.0/10 carrier-grade NAT
        (0xA9FE0000, 16),  // 169.254.0.0/16 link-local, includes 169.254.169.254 instance metadata
        (0xAC100000, 12),  // 172.16.0.0/12 private
        (0xC0000000, 24),  // 192.0.0.0/24 IETF protocol assignments
        (0xC0000200, 24),  // 192.0.2.0/24 documentation (TEST-NET-1)
        (0xC0586300, 24),  // 192.88.99.0/24 deprecated 6to4 relay anycast
        (0xC0A80000, 16),  // 192.168.0.0/16 private
        (0xC6120000, 15),  // 198.18.0.0/15 benchmarking
        (0xC6336400, 24),  // 198.51.100.0/24 documentation (TEST-NET-2)
        (0xCB007100, 24),  // 203.0.113.0/24 documentation (TEST-NET-3)
        (0xE0000000, 4),   // 224.0.0.0/4 multicast
        (0xF0000000, 4),   // 240.0.0.0/4 reserved, includes 255.255.255.255 broadcast
        (0xA83F8110, 32),  // 168.63.129.16 Azure wire server: public space, but answers only from inside Azure hosts
    ];

    // IPv6 ranges inside global unicast 2000::/3 that are still special-purpose.
    private static readonly (UInt128 Network, int PrefixLength)[] BlockedIPv6 =
    [
        (V6(0x2001, 0x0000), 23), // 2001::/23 IETF protocol assignments: Teredo 2001::/32, benchmarking, ORCHID
        (V6(0x2001, 0x0db8), 32), // 2001:db8::/32 documentation
        (V6(0x3fff, 0x0000), 20), // 3fff::/20 documentation (RFC 9637)
    ];

    private static readonly UInt128 Nat64WellKnown = V6(0x0064, 0xff9b);          // 64:ff9b::/96, IPv4 in the last 32 bits
    private static readonly UInt128 SixToFour = V6(0x2002, 0x0000);               // 2002::/16, IPv4 in bits 16..47
    private static readonly UInt128 GlobalUnicast = V6(0x2000, 0x0000);           // 2000::/3

    /// <summary>True when the proxy may connect to <paramref name="address"/>; loopback only when <paramref name="allowLoopback"/>.</summary>
    public static bool IsAllowed(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsAllowedIPv4(ToUInt32(address), allowLoopback),
            AddressFamily.InterNetworkV6 => IsAllowedIPv6(address, allowLoopback),
            _ => false,
        };
    }

    /// <summary>
    /// Reads <paramref name="host"/> as an IP literal in every form browsers, curl and inet_aton accept (<c>0x7f.1</c>, <c>2130706433</c>,
    /// <c>017700000001</c>, <c>127.1</c>, <c>[::1]</c>), so numeric tricks are judged as the address they name before any DNS lookup.
    /// </summary>
    public static bool TryParseHostAsAddress(string host, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        if (host.StartsWith('[') || host.Contains(':', StringComparison.Ordinal))
        {
            var inner = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
            // A zone id arrives URL-encoded as %25 inside brackets.
            inner = inner.Replace("%25", "%", StringComparison.Ordinal);
            if (IPAddress.TryParse(inner, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            return false;
        }

        return TryParseIPv4(host, out address);
    }

    private static bool IsAllowedIPv4(uint value, bool allowLoopback)
    {
        if (value >> 24 == 127)
        {
            return allowLoopback;
        }

        foreach (var (network, prefixLength) in BlockedIPv4)
        {
            if (InPrefix(value, network, prefixLength))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowedIPv6(IPAddress address, bool allowLoopback)
    {
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return allowLoopback;
        }

        var value = BinaryPrimitives.ReadUInt128BigEndian(address.GetAddressBytes());

        // Translated forms carry an IPv4 destination; judge that, never as loopback (it is not this host's loopback).
        if (InPrefix(value, Nat64WellKnown, 96))
        {
            return IsAllowedIPv4((uint)value, allowLoopback: false);
        }

        if (InPrefix(value, SixToFour, 16))
        {
            return IsAllowedIPv4((uint)(value >> 80), allowLoopback: false);
        }

        // Outside 2000::/3 are unspecified, IPv4-mapped and -compatible (::/8), NAT64 local-use 64:ff9b:1::/48, discard 100::/64,
        // unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10 and multicast ff00::/8: none is a public destination.
        if (!InPrefix(value, GlobalUnicast, 3))
        {
            return false;
        }

        foreach (var (network, prefixLength) in BlockedIPv6)
        {
            if (InPrefix(value, network, prefixLength))
            {
                return false;
            }
        }

        return true;
    }

    // WHATWG URL "IPv4 parser": 1 to 4 dot-separated parts, each decimal, 0x-hex or 0-octal; the last part fills the remaining bytes.
    private static bool TryParseIPv4(string host, out IPAddress? address)
    {
        address = null;
        var text = host.EndsWith('.') ? host[..^1] : host;
        var parts = text.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return false;
        }

        var numbers = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParseIPv4Part(parts[i], out numbers[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < numbers.Length - 1; i++)
        {
            if (numbers[i] > 255)
            {
                return false;
            }
        }

        var lastBits = 8 * (5 - numbers.Length);
        if (numbers[^1] >= 1UL << lastBits)
        {
            return false;
        }

        ulong value = numbers[^1];
        for (var i = 0; i < numbers.Length - 1; i++)
        {
            value |= numbers[i] << (8 * (3 - i));
        }

        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
        address = new IPAddress(bytes);
        return true;
    }

    private static bool TryParseIPv4Part(string part, out ulong value)
    {
        value = 0;
        if (part.Length == 0 || part.Length > 34)
        {
            return false;
        }

        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var digits = part[2..];
            // "0x" alone is zero for browsers.
            return digits.Length == 0 || ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (part.Length > 1 && part[0] == '0')
        {
            foreach (var c in part)
            {
                if (c is < '0' or > '7')
                {
                    return false;
                }

                value = checked((value * 8) + (ulong)(c - '0'));
                if (value > uint.MaxValue)
                {
                    return false;
                }
            }

            return true;
        }

        return part.All(char.IsAsciiDigit) && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static uint ToUInt32(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static bool InPrefix(uint value, uint network, int prefixLength)
        => prefixLength == 0 || (value >> (32 - prefixLength)) == (network >> (32 - prefixLength));

    private static bool InPrefix(UInt128 value, UInt128 network, int prefixLength)
        => prefixLength == 0 || (value >> (128 - prefixLength)) == (network >> (128 - prefixLength));

    private static UInt128 V6(ushort first, ushort second) => new(((ulong)first << 48) | ((ulong)second << 32), 0);
}
