using Credentials.Core.Network;

namespace Credentials.UnitTests.Network;

public class CallableHostTests
{
    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.16.0.1/hook")]
    [InlineData("https://100.100.100.200/hook")]
    [InlineData("https://0xa9fea9fe/hook")]
    [InlineData("https://2852039166/hook")]
    [InlineData("https://0251.0376.0251.0376/hook")]
    [InlineData("https://[::ffff:169.254.169.254]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://168.63.129.16/hook")]
    public void AddressesTheGuardRefusesAreRefusedAtInput(string url)
    {
        Assert.NotNull(CallableHost.Check(url, allowLoopback: false));
        Assert.NotNull(CallableHost.Check(url, allowLoopback: true));
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://127.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://api.localhost./hook")]
    public void LoopbackIsAllowedOnlyWithTheDevelopmentSwitch(string url)
    {
        Assert.NotNull(CallableHost.Check(url, allowLoopback: false));
        Assert.Null(CallableHost.Check(url, allowLoopback: true));
    }

    [Theory]
    [InlineData("https://hooks.example.com/credentials")]
    [InlineData("https://93.184.215.14/hook")]
    [InlineData("https://[2606:4700::1111]/hook")]
    public void PublicHostsPass(string url) => Assert.Null(CallableHost.Check(url, allowLoopback: false));
}
