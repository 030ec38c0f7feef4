using Credentials.Core.Proxy;

namespace Credentials.UnitTests.Proxy;

public class AllowedHostPatternTests
{
    [Theory]
    [InlineData("*.zendesk.com", "acme.zendesk.com", true)]
    [InlineData("*.zendesk.com", "ACME.Zendesk.COM", true)]
    [InlineData("*.zendesk.com", "a.b.zendesk.com", true)]
    [InlineData("*.zendesk.com", "zendesk.com", false)]
    [InlineData("*.zendesk.com", ".zendesk.com", false)]
    [InlineData("*.zendesk.com", "a..zendesk.com", false)]
    [InlineData("*.zendesk.com", "evilzendesk.com", false)]
    [InlineData("*.zendesk.com", "acme.zendesk.com.evil.example", false)]
    [InlineData("*.zendesk.com", "acme.zendesk.com.", false)]
    [InlineData("api.github.com", "api.github.com", true)]
    [InlineData("api.github.com", "API.GitHub.com", true)]
    [InlineData("api.github.com", "x.api.github.com", false)]
    [InlineData("api.github.com", "github.com", false)]
    public void WildcardsCoverOneOrMoreLabelsButNotTheBareDomain(string pattern, string host, bool expected)
    {
        Assert.Equal(expected, AllowedHostPattern.Matches(pattern, host));
    }
}
