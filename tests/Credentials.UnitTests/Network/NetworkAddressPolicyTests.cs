using System.Net;
using Credentials.Core.Network;

namespace Credentials.UnitTests.Network;

public class NetworkAddressPolicyTests
{
    [Theory]
    // Numeric spellings of loopback that inet_aton, curl and browsers accept.
    [InlineData("0x7f.1", "127.0.0.1")]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("017700000001", "127.0.0.1")]
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("0x7f000001", "127.0.0.1")]
    [InlineData("0177.0.0.01", "127.0.0.1")]
    [InlineData("127.0.0.1.", "127.0.0.1")]
    [InlineData("[::ffff:127.0.0.1]", "::ffff:127.0.0.1")]
    [InlineData("[::1]", "::1")]
    [InlineData("::1", "::1")]
    [InlineData("0xA9.0xFE.0xA9.0xFE", "169.254.169.254")]
    [InlineData("10.1", "10.0.0.1")]
    [InlineData("192.168.257", "192.168.1.1")]
    [InlineData("0", "0.0.0.0")]
    public void NumericHostFormsParseToTheAddressTheyName(string host, string expected)
    {
        Assert.True(NetworkAddressPolicy.TryParseHostAsAddress(host, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("api.github.com")]
    [InlineData("acme.zendesk.com")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("08.1")]
    [InlineData("4294967296")]
    [InlineData("")]
    [InlineData("[not-an-address]")]
    public void NamesAndInvalidNumbersAreNotAddresses(string host)
    {
        Assert.False(NetworkAddressPolicy.TryParseHostAsAddress(host, out _));
    }

    [Theory]
    [InlineData("0x7f.1")]
    [InlineData("2130706433")]
    [InlineData("017700000001")]
    [InlineData("127.1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[::1]")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("168.63.129.16")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("240.0.0.1")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("192.88.99.1")]
    [InlineData("fd00::1")]
    [InlineData("fc00::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("::")]
    [InlineData("::127.0.0.1")]
    [InlineData("::8.8.8.8")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b:1::808:808")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2002:a00:1::1")]
    [InlineData("2002:a9fe:a9fe::")]
    [InlineData("2001::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2001:db8::1")]
    [InlineData("3fff::1")]
    [InlineData("100::1")]
    public void InternalAndSpecialAddressesAreRefused(string host)
    {
        Assert.True(NetworkAddressPolicy.TryParseHostAsAddress(host, out var address), host);
        Assert.False(NetworkAddressPolicy.IsAllowed(address, allowLoopback: false), host);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("52.1.2.3")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("168.63.129.17")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void PublicAddressesAreAllowed(string host)
    {
        Assert.True(NetworkAddressPolicy.TryParseHostAsAddress(host, out var address), host);
        Assert.True(NetworkAddressPolicy.IsAllowed(address, allowLoopback: false), host);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1")]
    [InlineData("[::1]")]
    public void LoopbackIsAllowedOnlyWhenLoopbackIsAllowed(string host)
    {
        Assert.True(NetworkAddressPolicy.TryParseHostAsAddress(host, out var address));
        Assert.False(NetworkAddressPolicy.IsAllowed(address, allowLoopback: false));
        Assert.True(NetworkAddressPolicy.IsAllowed(address, allowLoopback: true));
    }

    [Theory]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    public void AllowingLoopbackDoesNotOpenTranslatedLoopbackOrInternalRanges(string host)
    {
        Assert.True(NetworkAddressPolicy.TryParseHostAsAddress(host, out var address));
        Assert.False(NetworkAddressPolicy.IsAllowed(address, allowLoopback: true));
    }
}
