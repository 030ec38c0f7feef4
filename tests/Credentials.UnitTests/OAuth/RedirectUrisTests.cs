using Credentials.Core.Connectors;
using Credentials.Core.OAuth;

namespace Credentials.UnitTests.OAuth;

public class RedirectUrisTests
{
    private static readonly string[] Allowed = ["https://app.example.com/oauth/done", "http://127.0.0.1:5000/cb"];

    [Theory]
    [InlineData("https://app.example.com/oauth/done")]
    [InlineData("https://APP.example.com/oauth/done?tenantState=42")]
    [InlineData("https://app.example.com:443/oauth/done")]
    [InlineData("http://127.0.0.1:5000/cb")]
    public void ExactSchemeHostPortAndPathMatchAndAQueryIsAllowed(string requested)
        => Assert.True(RedirectUris.IsAllowed(requested, Allowed));

    [Theory]
    [InlineData("https://app.example.com/oauth/done/")]
    [InlineData("https://app.example.com/oauth/DONE")]
    [InlineData("https://app.example.com/oauth")]
    [InlineData("https://app.example.com.evil.com/oauth/done")]
    [InlineData("https://evil.com/oauth/done")]
    [InlineData("http://app.example.com/oauth/done")]
    [InlineData("https://app.example.com:8443/oauth/done")]
    [InlineData("https://app.example.com/oauth/done#frag")]
    [InlineData("https://user@app.example.com/oauth/done")]
    [InlineData("http://127.0.0.1:5001/cb")]
    [InlineData("//app.example.com/oauth/done")]
    public void AnythingElseIsRefused(string requested)
        => Assert.False(RedirectUris.IsAllowed(requested, Allowed));

    [Fact]
    public void ParametersAreAppendedEscapedAndTheTenantsQueryIsKept()
    {
        Assert.Equal("https://a.example.com/cb?x=1&credentialId=crd-1&error_description=a%20b%26c",
            RedirectUris.WithQuery("https://a.example.com/cb?x=1", [new("credentialId", "crd-1"), new("error_description", "a b&c")]));
        Assert.Equal("https://a.example.com/cb?error=access_denied", RedirectUris.WithQuery("https://a.example.com/cb", [new("error", "access_denied")]));
    }

    [Fact]
    public void StateValuesAreUniqueCarryTheirExpiryHourAndAreValidKeys()
    {
        var expires = new DateTimeOffset(2026, 11, 29, 13, 45, 0, TimeSpan.Zero);
        var states = Enumerable.Range(0, 100).Select(_ => OAuthStateStore.NewState(expires)).ToList();

        Assert.Equal(100, states.Distinct(StringComparer.Ordinal).Count());
        Assert.All(states, s =>
        {
            Assert.StartsWith("2026112913", s, StringComparison.Ordinal);
            Assert.Equal(53, s.Length);
            Assert.True(Credentials.Core.Storage.TableKeys.IsValid(s));
        });
        Assert.Equal(43, OAuthStateStore.NewCodeVerifier().Length);
    }

    [Fact]
    public void TemplatesExpandValuesAndTransformsAndRefuseMissingValues()
    {
        Assert.Equal("https://acme.zendesk.com/oauth/tokens", UrlTemplate.Expand("https://{subdomain}.zendesk.com/oauth/tokens", new Dictionary<string, string> { ["subdomain"] = "acme" }));
        Assert.Equal("https://123-sb1.suitetalk.api.netsuite.com", UrlTemplate.Expand("https://{accountId|netsuiteHost}.suitetalk.api.netsuite.com", new Dictionary<string, string> { ["accountId"] = "123_SB1" }));
        Assert.Equal(["subdomain"], UrlTemplate.Placeholders("https://{subdomain}.x/{subdomain|lower}"));
        var missing = Assert.Throws<TemplateValueMissingException>(() => UrlTemplate.Expand("https://{subdomain}.zendesk.com", new Dictionary<string, string>()));
        Assert.Equal("subdomain", missing.Name);
    }
}
