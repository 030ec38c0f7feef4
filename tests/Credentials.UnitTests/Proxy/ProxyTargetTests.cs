using Credentials.Core.Connectors;
using Credentials.Core.Proxy;

namespace Credentials.UnitTests.Proxy;

public class ProxyTargetTests
{
    private static readonly string[] Zendesk = ["*.zendesk.com"];

    [Theory]
    [InlineData("api/v2/tickets.json", null, "https://acme.zendesk.com/api/v2/tickets.json")]
    [InlineData("/api/v2/tickets.json", "", "https://acme.zendesk.com/api/v2/tickets.json")]
    [InlineData("api/v2/search.json", "query=type%3Aticket+status%3Aopen&sort_by=created_at", "https://acme.zendesk.com/api/v2/search.json?query=type%3Aticket+status%3Aopen&sort_by=created_at")]
    [InlineData("api/v2/users/me", "?include=identities", "https://acme.zendesk.com/api/v2/users/me?include=identities")]
    [InlineData("api/a%41b/%7e", "q=%41%7e&x=", "https://acme.zendesk.com/api/a%41b/%7e?q=%41%7e&x=")]
    [InlineData("api/files/report 2024.pdf", null, "https://acme.zendesk.com/api/files/report%202024.pdf")]
    [InlineData("api/users/jos\u00e9", null, "https://acme.zendesk.com/api/users/jos%C3%A9")]
    [InlineData("api/what?", null, "https://acme.zendesk.com/api/what%3F")]
    [InlineData("api/v1/customers", "expand[]=default_source&limit=3", "https://acme.zendesk.com/api/v1/customers?expand%5B%5D=default_source&limit=3")]
    [InlineData("api/x:batchGet/@me;v=1", null, "https://acme.zendesk.com/api/x:batchGet/@me;v=1")]
    [InlineData("", null, "https://acme.zendesk.com/")]
    public void NormalPathsAndQueriesAreKeptByteForByte(string path, string? query, string expected)
    {
        var result = ProxyTarget.Create("https://acme.zendesk.com", Zendesk, path, query, allowLoopback: false);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(expected, result.Uri.OriginalString);
        Assert.Equal(expected, result.Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("../admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/../../admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/./v2", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/..", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/..;/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/..;jsessionid=x/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/.;/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/%2e%2e;/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/..%3b/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/%2e%2e/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/%2E%2E/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/.%2e/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/%252e%252e/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/%25252e%25252e/admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api\\..\\admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api\\admin", ProxyTargetFailureReason.PathTraversal)]
    [InlineData("api/%5c..%5cadmin", ProxyTargetFailureReason.EncodedSeparator)]
    [InlineData("api/..%2fadmin", ProxyTargetFailureReason.EncodedSeparator)]
    [InlineData("api%2f..%2fadmin", ProxyTargetFailureReason.EncodedSeparator)]
    [InlineData("api/a%2Fb", ProxyTargetFailureReason.EncodedSeparator)]
    [InlineData("api/a%252Fb", ProxyTargetFailureReason.EncodedSeparator)]
    [InlineData("api/a%5Cb", ProxyTargetFailureReason.EncodedSeparator)]
    [InlineData("//evil.example/x", ProxyTargetFailureReason.AbsoluteUrl)]
    [InlineData("/\\evil.example/x", ProxyTargetFailureReason.AbsoluteUrl)]
    [InlineData("https://evil.example/x", ProxyTargetFailureReason.AbsoluteUrl)]
    [InlineData("http:evil.example", ProxyTargetFailureReason.AbsoluteUrl)]
    [InlineData("https%3A%2F%2Fevil.example", ProxyTargetFailureReason.EncodedSeparator)]
    [InlineData("javascript:alert(1)", ProxyTargetFailureReason.AbsoluteUrl)]
    [InlineData("api/x#frag", ProxyTargetFailureReason.Fragment)]
    [InlineData("api/x\r\nHost: evil", ProxyTargetFailureReason.InvalidCharacters)]
    [InlineData("api/x%0d%0aHost:%20evil", ProxyTargetFailureReason.InvalidCharacters)]
    [InlineData("api/x%00", ProxyTargetFailureReason.InvalidCharacters)]
    public void UnsafePathsAreRefused(string path, ProxyTargetFailureReason reason)
    {
        var result = ProxyTarget.Create("https://acme.zendesk.com", Zendesk, path, null, allowLoopback: false);

        Assert.False(result.Succeeded);
        Assert.Equal(reason, result.Failure.Reason);
    }

    [Theory]
    [InlineData("a=1#frag", ProxyTargetFailureReason.Fragment)]
    [InlineData("a=1\nb", ProxyTargetFailureReason.InvalidCharacters)]
    public void UnsafeQueriesAreRefused(string query, ProxyTargetFailureReason reason)
    {
        var result = ProxyTarget.Create("https://acme.zendesk.com", Zendesk, "api", query, allowLoopback: false);

        Assert.Equal(reason, result.Failure?.Reason);
    }

    [Theory]
    [InlineData("https://evil.example", ProxyTargetFailureReason.HostNotAllowed)]
    [InlineData("https://zendesk.com", ProxyTargetFailureReason.HostNotAllowed)]
    [InlineData("https://acme.zendesk.com.evil.example", ProxyTargetFailureReason.HostNotAllowed)]
    [InlineData("https://acmezendesk.com", ProxyTargetFailureReason.HostNotAllowed)]
    [InlineData("https://user:pw@acme.zendesk.com", ProxyTargetFailureReason.UserInfo)]
    [InlineData("https://evil.example@acme.zendesk.com", ProxyTargetFailureReason.UserInfo)]
    [InlineData("http://acme.zendesk.com", ProxyTargetFailureReason.InsecureScheme)]
    [InlineData("ftp://acme.zendesk.com", ProxyTargetFailureReason.InvalidBaseUrl)]
    [InlineData("https://acme.zendesk.com/#x", ProxyTargetFailureReason.Fragment)]
    [InlineData("https://acme.zendesk.com/?x=1", ProxyTargetFailureReason.InvalidBaseUrl)]
    [InlineData("acme.zendesk.com", ProxyTargetFailureReason.InvalidBaseUrl)]
    [InlineData("https://169.254.169.254", ProxyTargetFailureReason.BlockedAddress)]
    [InlineData("https://0x7f.1", ProxyTargetFailureReason.BlockedAddress)]
    [InlineData("https://[::1]", ProxyTargetFailureReason.BlockedAddress)]
    [InlineData("https://[::ffff:127.0.0.1]", ProxyTargetFailureReason.BlockedAddress)]
    public void ForeignInternalOrInsecureBasesAreRefused(string baseUrl, ProxyTargetFailureReason reason)
    {
        var result = ProxyTarget.Create(baseUrl, Zendesk, "api/v2/tickets.json", null, allowLoopback: false);

        Assert.False(result.Succeeded);
        Assert.Equal(reason, result.Failure.Reason);
    }

    [Fact]
    public void HttpIsAcceptedOnlyForAnAllowedLoopbackHostWhenLoopbackIsAllowed()
    {
        string[] allowed = ["127.0.0.1"];

        var allowedResult = ProxyTarget.Create("http://127.0.0.1:5123", allowed, "api/ping", "a=1", allowLoopback: true);
        var refused = ProxyTarget.Create("http://127.0.0.1:5123", allowed, "api/ping", null, allowLoopback: false);
        var notListed = ProxyTarget.Create("http://127.0.0.1:5123", ["api.github.com"], "api/ping", null, allowLoopback: true);

        Assert.Equal("http://127.0.0.1:5123/api/ping?a=1", allowedResult.Uri?.OriginalString);
        Assert.Equal(ProxyTargetFailureReason.BlockedAddress, refused.Failure?.Reason);
        Assert.Equal(ProxyTargetFailureReason.HostNotAllowed, notListed.Failure?.Reason);
    }

    [Fact]
    public void ZendeskBaseUrlIsExpandedFromTheSubdomain()
    {
        var api = new ConnectorApi { BaseUrl = "https://{subdomain}.zendesk.com", AllowedHosts = Zendesk };

        var result = ProxyTarget.Create(api, Values(("subdomain", "acme")), "api/v2/tickets.json", "page=2", allowLoopback: false);

        Assert.Equal("https://acme.zendesk.com/api/v2/tickets.json?page=2", result.Uri?.OriginalString);
    }

    [Fact]
    public void SalesforceBaseUrlIsTheInstanceUrlFromMetadata()
    {
        var api = new ConnectorApi { BaseUrl = "{instanceUrl}", AllowedHosts = ["*.salesforce.com"] };

        var result = ProxyTarget.Create(api, Values(("instanceUrl", "https://acme.my.salesforce.com")), "services/data/v62.0/query", "q=SELECT+Id+FROM+Account", allowLoopback: false);
        var foreign = ProxyTarget.Create(api, Values(("instanceUrl", "https://acme.salesforce.com.evil.example")), "services/data", null, allowLoopback: false);

        Assert.Equal("https://acme.my.salesforce.com/services/data/v62.0/query?q=SELECT+Id+FROM+Account", result.Uri?.OriginalString);
        Assert.Equal(ProxyTargetFailureReason.HostNotAllowed, foreign.Failure?.Reason);
    }

    [Fact]
    public void BaseUrlPathIsKeptAsAPrefix()
    {
        var result = ProxyTarget.Create("https://slack.com/api", ["slack.com"], "conversations.list", "limit=10", allowLoopback: false);

        Assert.Equal("https://slack.com/api/conversations.list?limit=10", result.Uri?.OriginalString);
    }

    [Fact]
    public void NetsuiteAccountBecomesTheHostLabel()
    {
        var api = new ConnectorApi
        {
            BaseUrl = "https://{accountId|netsuiteHost}.suitetalk.api.netsuite.com",
            AllowedHosts = ["*.suitetalk.api.netsuite.com", "*.restlets.api.netsuite.com"],
        };

        var result = ProxyTarget.Create(api, Values(("accountId", "1234567_SB1")), "services/rest/record/v1/customer/42", null, allowLoopback: false);

        Assert.Equal("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/42", result.Uri?.OriginalString);
    }

    [Fact]
    public void MissingTemplateValueIsARefusalNamingTheValue()
    {
        var api = new ConnectorApi { BaseUrl = "https://{subdomain}.zendesk.com", AllowedHosts = Zendesk };

        var result = ProxyTarget.Create(api, Values(), "api", null, allowLoopback: false);

        Assert.Equal(ProxyTargetFailureReason.InvalidBaseUrl, result.Failure?.Reason);
        Assert.Contains("'subdomain'", result.Failure?.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values)
        => values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}
