using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Credentials.Core.Connectors;
using Credentials.Core.Proxy;
using Credentials.UnitTests.Connectors;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.Proxy;

public class CredentialApplierTests
{
    private readonly ApiAuthApplier applier =
        new(new OAuth1Signer(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)), () => "fixednonce123456"));

    [Fact]
    public async Task FreshdeskApiKeyIsBasicWithPasswordX()
    {
        using var request = Request(HttpMethod.Get, "https://acme.freshdesk.com/api/v2/tickets");

        await applier.ApplyAsync(request, Catalog("freshdesk"), "apiKey", Values(("domain", "acme"), ("apiKey", "abc123")));

        Assert.Equal("Basic YWJjMTIzOlg=", request.Headers.Authorization?.ToString()); // base64("abc123:X")
    }

    [Fact]
    public async Task StripeSecretKeyIsBasicWithAnEmptyPassword()
    {
        using var request = Request(HttpMethod.Get, "https://api.stripe.com/v1/balance");

        await applier.ApplyAsync(request, Catalog("stripe"), "apiKey", Values(("apiKey", "sk_test_123")));

        Assert.Equal("Basic c2tfdGVzdF8xMjM6", request.Headers.Authorization?.ToString()); // base64("sk_test_123:")
    }

    [Fact]
    public async Task SendgridKeyGoesInAnAuthorizationHeaderTemplate()
    {
        using var request = Request(HttpMethod.Get, "https://api.sendgrid.com/v3/scopes");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "caller-platform-key");

        await applier.ApplyAsync(request, Catalog("sendgrid"), "apiKey", Values(("apiKey", "SG.secret")));

        Assert.Equal(["Bearer SG.secret"], request.Headers.GetValues("Authorization"));
    }

    [Theory]
    [InlineData("zendesk", "https://acme.zendesk.com/api/v2/tickets.json")]
    [InlineData("hubspot", "https://api.hubapi.com/crm/v3/objects/contacts")]
    [InlineData("github", "https://api.github.com/user")]
    public async Task Oauth2ConnectorsSendTheAccessTokenAsBearerReplacingTheCallers(string connector, string url)
    {
        using var request = Request(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "caller-platform-key");

        await applier.ApplyAsync(request, Catalog(connector), "oauth2", Values(("subdomain", "acme"), ("accessToken", "at-123")));

        Assert.Equal("Bearer at-123", request.Headers.Authorization?.ToString());
        Assert.Single(request.Headers.GetValues("Authorization"));
    }

    [Fact]
    public async Task NotionVersionHeaderIsSetReplacingTheCallers()
    {
        using var request = Request(HttpMethod.Post, "https://api.notion.com/v1/search");
        request.Headers.TryAddWithoutValidation("Notion-Version", "2022-06-28");

        await applier.ApplyAsync(request, Catalog("notion"), "oauth2", Values(("accessToken", "secret_notion")));

        Assert.Equal(["2025-09-03"], request.Headers.GetValues("Notion-Version"));
        Assert.Equal("Bearer secret_notion", request.Headers.Authorization?.ToString());
    }

    [Fact]
    public async Task XeroTenantHeaderIsExpandedFromMetadata()
    {
        using var request = Request(HttpMethod.Get, "https://api.xero.com/api.xro/2.0/Invoices");

        await applier.ApplyAsync(request, Catalog("xero"), "oauth2", Values(("accessToken", "at"), ("xeroTenantId", "0f9b5f37-1c2d-4a80-9a6b-3c1b6a7d2e11")));

        Assert.Equal(["0f9b5f37-1c2d-4a80-9a6b-3c1b6a7d2e11"], request.Headers.GetValues("Xero-Tenant-Id"));
    }

    [Fact]
    public async Task NetsuiteRequestsAreSignedWithTheAccountAsRealm()
    {
        using var request = Request(HttpMethod.Get, "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer/42?expandSubResources=true");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "caller-platform-key");

        await applier.ApplyAsync(request, Catalog("netsuite"), "custom", NetsuiteValues());

        // Signature fixed from an independent Python implementation of RFC 5849 with HMAC-SHA256.
        Assert.Equal(
            "OAuth realm=\"1234567_SB1\", oauth_consumer_key=\"ck-1\", oauth_token=\"tk-1\", oauth_signature_method=\"HMAC-SHA256\", "
            + "oauth_timestamp=\"1700000000\", oauth_nonce=\"fixednonce123456\", oauth_version=\"1.0\", "
            + "oauth_signature=\"RjXSs5i9wqZJcSXPq%2FdpquaArQp1cSwXlCZtEk2WoU8%3D\"",
            request.Headers.Authorization?.ToString());
    }

    [Fact]
    public async Task NetsuiteFormBodiesArePartOfTheSignatureAndStillSent()
    {
        using var request = Request(HttpMethod.Post, "https://1234567-sb1.suitetalk.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1");
        request.Content = new StringContent("name=A+B&x=%2F", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        await applier.ApplyAsync(request, Catalog("netsuite"), "custom", NetsuiteValues());

        Assert.EndsWith("oauth_signature=\"ev%2FW3J3WLhsCHBjO%2FmOGeT4Ri9BevPnVRE0Oj6PO87A%3D\"", request.Headers.Authorization?.Parameter, StringComparison.Ordinal);
        Assert.Equal("name=A+B&x=%2F", await request.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task QuerySchemeAppendsTheEscapedValueAndDropsACallerParameterOfTheSameName()
    {
        var connector = Literal("query", new JsonObject { ["type"] = "query", ["name"] = "api_key", ["value"] = "{apiKey}" });
        using var request = Request(HttpMethod.Get, "https://api.example.com/v1/items?b=%41%7e&api_key=callers&api%5Fkey=also&c=1");

        await applier.ApplyAsync(request, connector, "apiKey", Values(("apiKey", "k y&=/+")));

        Assert.Equal("https://api.example.com/v1/items?b=%41%7e&c=1&api_key=k%20y%26%3D%2F%2B", request.RequestUri!.OriginalString);
        Assert.Null(request.Headers.Authorization);
    }

    [Fact]
    public async Task HeaderSchemeSetsANamedHeaderFromATemplate()
    {
        var connector = Literal("header", new JsonObject { ["type"] = "header", ["name"] = "X-Api-Key", ["value"] = "key={apiKey}" });
        using var request = Request(HttpMethod.Get, "https://api.example.com/v1/items");
        request.Headers.TryAddWithoutValidation("X-Api-Key", "callers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "caller-platform-key");

        await applier.ApplyAsync(request, connector, "apiKey", Values(("apiKey", "abc")));

        Assert.Equal(["key=abc"], request.Headers.GetValues("X-Api-Key"));
        Assert.Null(request.Headers.Authorization);
    }

    [Fact]
    public async Task BasicCredentialsAreUtf8()
    {
        var connector = Literal("basic", new JsonObject { ["type"] = "basic", ["username"] = "{username}", ["password"] = "{password}" });
        using var request = Request(HttpMethod.Get, "https://api.example.com/v1/items");

        await applier.ApplyAsync(request, connector, "basic", Values(("username", "user"), ("password", "p\u00e4ssword")));

        Assert.Equal("Basic dXNlcjpww6Rzc3dvcmQ=", request.Headers.Authorization?.ToString());
    }

    [Fact]
    public async Task BearerForAnApiKeyUsesTheTokenTemplate()
    {
        var connector = Literal("bearer", new JsonObject { ["type"] = "bearer", ["token"] = "{apiKey}" });
        using var request = Request(HttpMethod.Get, "https://api.example.com/v1/items");

        await applier.ApplyAsync(request, connector, "apiKey", Values(("apiKey", "tok")));

        Assert.Equal("Bearer tok", request.Headers.Authorization?.ToString());
    }

    [Fact]
    public async Task MissingAccessTokenIsReportedByName()
    {
        using var request = Request(HttpMethod.Get, "https://api.github.com/user");

        var error = await Assert.ThrowsAsync<TemplateValueMissingException>(() => applier.ApplyAsync(request, Catalog("github"), "oauth2", Values()));

        Assert.Equal("accessToken", error.Name);
    }

    [Fact]
    public async Task ValuesWithLineBreaksAreRefused()
    {
        using var request = Request(HttpMethod.Get, "https://api.xero.com/api.xro/2.0/Invoices");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            applier.ApplyAsync(request, Catalog("xero"), "oauth2", Values(("accessToken", "at"), ("xeroTenantId", "x\r\nX-Evil: 1"))));
    }

    [Fact]
    public async Task AuthenticationTypeWithoutAnAuthEntryIsAnError()
    {
        using var request = Request(HttpMethod.Get, "https://api.github.com/user");

        await Assert.ThrowsAsync<InvalidOperationException>(() => applier.ApplyAsync(request, Catalog("github"), "apiKey", Values(("apiKey", "x"))));
    }

    private static HttpRequestMessage Request(HttpMethod method, string url)
        => new(method, new Uri(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));

    private static ConnectorDefinition Catalog(string id)
    {
        var path = Path.Combine(ConnectorChecks.CatalogDirectory, $"{id}.json");
        return ConnectorCatalog.Parse(ConnectorChecks.Schema, path, File.ReadAllText(path));
    }

    private static ConnectorDefinition Literal(string authenticationType, JsonObject auth) => new()
    {
        Id = "example",
        Name = "Example",
        AuthenticationTypes = [authenticationType == "query" || authenticationType == "header" || authenticationType == "bearer" ? "apiKey" : authenticationType],
        Api = new ConnectorApi
        {
            BaseUrl = "https://api.example.com",
            AllowedHosts = ["api.example.com"],
            Auth = new Dictionary<string, JsonObject> { [authenticationType is "basic" ? "basic" : "apiKey"] = auth },
        },
    };

    private static Dictionary<string, string> NetsuiteValues() => Values(
        ("accountId", "1234567_SB1"), ("consumerKey", "ck-1"), ("consumerSecret", "cs-1"), ("tokenId", "tk-1"), ("tokenSecret", "ts-1"));

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values)
        => values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}
