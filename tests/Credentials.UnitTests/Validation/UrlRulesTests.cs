using Credentials.Core.Validation;

namespace Credentials.UnitTests.Validation;

public class UrlRulesTests
{
    [Theory]
    [InlineData("https://app.example.com/oauth/done")]
    [InlineData("https://app.example.com:8443/cb?tenant=1")]
    public void HttpsUrlsAreAccepted(string url) => Assert.Null(UrlRules.Check(url, allowInsecureLoopback: false));

    [Theory]
    [InlineData("http://app.example.com/cb")]
    [InlineData("https://app.example.com/cb#frag")]
    [InlineData("https://user:pw@app.example.com/cb")]
    [InlineData("/relative/path")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.com/")]
    [InlineData("")]
    [InlineData("https://app.example.com/cb\r\n")]
    [InlineData("https://app.example.com/cb\n")]
    [InlineData("https://app.example.com/cb\t")]
    [InlineData("https://app.example.com/c b")]
    [InlineData(" https://app.example.com/cb")]
    [InlineData("https://app.example.com/cb\u0000")]
    public void OtherUrlsAreRefused(string url) => Assert.NotNull(UrlRules.Check(url, allowInsecureLoopback: true));

    [Theory]
    [InlineData("http://127.0.0.1:5000/cb")]
    [InlineData("http://localhost/cb")]
    [InlineData("http://[::1]:8080/cb")]
    public void HttpLoopbackNeedsTheDevelopmentSwitch(string url)
    {
        Assert.NotNull(UrlRules.Check(url, allowInsecureLoopback: false));
        Assert.Null(UrlRules.Check(url, allowInsecureLoopback: true));
    }

    [Fact]
    public void OverlongUrlIsRefused()
        => Assert.NotNull(UrlRules.Check("https://example.com/" + new string('a', UrlRules.MaxLength), false));
}
