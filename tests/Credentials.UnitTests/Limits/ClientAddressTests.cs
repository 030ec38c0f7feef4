using System.Net;
using Credentials.Core.Limits;

namespace Credentials.UnitTests.Limits;

public class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("10.0.0.1, 203.0.113.7", "203.0.113.7")]
    [InlineData("forged, 198.51.100.1 , 203.0.113.7:51234", "203.0.113.7")]
    [InlineData("2001:db8::5", "2001:db8::5")]
    [InlineData("[2001:db8::5]:443", "2001:db8::5")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void TheLastForwardedEntryIsTheClient(string forwarded, string expected)
        => Assert.Equal(expected, ClientAddress.Of([forwarded], IPAddress.Loopback));

    [Fact]
    public void TheLastHeaderLineWinsWhenThePlatformAddsOne()
        => Assert.Equal("203.0.113.9", ClientAddress.Of(["198.51.100.1", "203.0.113.9"], IPAddress.Loopback));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-address")]
    [InlineData("203.0.113.7, unknown")]
    public void WithoutAUsableEntryTheConnectionCounts(string? forwarded)
        => Assert.Equal("192.0.2.10", ClientAddress.Of(forwarded is null ? null : [forwarded], IPAddress.Parse("::ffff:192.0.2.10")));

    [Fact]
    public void WithNothingAtAllTheAddressIsUnknown() => Assert.Equal("unknown", ClientAddress.Of(null, null));
}
