using Credentials.Core.Validation;

namespace Credentials.UnitTests.Validation;

public class PageSettingRulesTests
{
    [Theory]
    [InlineData("https://app.example.com", "https://app.example.com")]
    [InlineData("https://App.Example.com/", "https://app.example.com")]
    [InlineData("https://app.example.com:443", "https://app.example.com")]
    [InlineData("https://app.example.com:8443", "https://app.example.com:8443")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")]
    public void FrameOriginsAreWrittenAsBrowsersSerialiseThem(string value, string expected)
    {
        var (origin, problem) = UrlRules.CheckOrigin(value, allowInsecureLoopback: false);

        Assert.Null(problem);
        Assert.Equal(expected, origin);
    }

    [Theory]
    [InlineData("http://app.example.com")]
    [InlineData("https://app.example.com/embed")]
    [InlineData("https://app.example.com?x=1")]
    [InlineData("https://app.example.com#top")]
    [InlineData("https://user@app.example.com")]
    [InlineData("https://*.example.com")]
    [InlineData("https://app.example.com; script-src *")]
    [InlineData("'self'")]
    [InlineData("app.example.com")]
    [InlineData("")]
    public void AnythingButAnHttpsOriginIsRefused(string value)
    {
        var (origin, problem) = UrlRules.CheckOrigin(value, allowInsecureLoopback: true);

        Assert.Null(origin);
        Assert.NotNull(problem);
    }

    [Fact]
    public void HttpLoopbackOriginsNeedTheDevelopmentSwitch()
    {
        Assert.NotNull(UrlRules.CheckOrigin("http://127.0.0.1:5173", allowInsecureLoopback: false).Problem);
        Assert.Equal("http://127.0.0.1:5173", UrlRules.CheckOrigin("http://127.0.0.1:5173", allowInsecureLoopback: true).Origin);
    }

    [Theory]
    [InlineData("#2454d6")]
    [InlineData("#FFD166")]
    public void ColoursAreSixHexDigits(string value) => Assert.Null(HexColor.Check(value));

    [Theory]
    [InlineData("blue")]
    [InlineData("#fff")]
    [InlineData("#2454d6ff")]
    [InlineData("2454d6")]
    [InlineData("#2454d6\n")]
    [InlineData("#24g4d6")]
    [InlineData(null)]
    public void OtherColoursAreRefused(string? value) => Assert.NotNull(HexColor.Check(value));
}
