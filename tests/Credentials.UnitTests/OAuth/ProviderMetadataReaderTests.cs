using System.Net;
using System.Text;
using System.Text.Json;
using Credentials.Core.Connectors;
using Credentials.Core.OAuth;

namespace Credentials.UnitTests.OAuth;

public class ProviderMetadataReaderTests
{
    private static readonly OAuth2Settings Settings = new()
    {
        AuthorizationUrl = "https://p.example.com/authorize",
        TokenUrl = "https://p.example.com/token",
        CallbackMetadata = [new CallbackMetadata("realmId", "realmId", true, "^[0-9]{1,20}$")],
        TokenResponseMetadata = [new PointerMetadata("instanceUrl", "/instance_url", true, "^https://[a-z0-9.-]+\\.salesforce\\.com$"), new PointerMetadata("teamId", "/team/id", false)],
        PostConnect = [new PostConnectRequest("GET", "https://api.xero.com/connections", "bearer", null, [new PointerMetadata("xeroTenantId", "/0/tenantId", true)])],
    };

    [Fact]
    public void CallbackValuesAreCopiedWhenTheyMatchTheirPattern()
    {
        var problems = new List<string>();
        var values = ProviderMetadataReader.FromCallback(Settings, name => name == "realmId" ? "4620816365" : null, problems);

        Assert.Empty(problems);
        Assert.Equal("4620816365", values["realmId"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("123&evil=1")]
    public void MissingOrMalformedRequiredCallbackValueIsAProblem(string? realm)
    {
        var problems = new List<string>();
        var values = ProviderMetadataReader.FromCallback(Settings, _ => realm, problems);

        Assert.Single(problems);
        Assert.Empty(values);
    }

    [Fact]
    public void TokenResponseValuesAreReadByPointerAndAHostileInstanceUrlIsRefused()
    {
        var problems = new List<string>();
        var good = ProviderMetadataReader.FromJson(Settings.TokenResponseMetadata, JsonDocument.Parse("""{"instance_url":"https://acme.my.salesforce.com","team":{"id":"T1"}}""").RootElement, problems);
        Assert.Empty(problems);
        Assert.Equal("https://acme.my.salesforce.com", good["instanceUrl"]);
        Assert.Equal("T1", good["teamId"]);

        var hostile = ProviderMetadataReader.FromJson(Settings.TokenResponseMetadata, JsonDocument.Parse("""{"instance_url":"https://evil.example.com"}""").RootElement, problems);
        Assert.Single(problems);
        Assert.False(hostile.ContainsKey("instanceUrl"));
    }

    [Fact]
    public async Task PostConnectRequestsCarryTheAccessTokenAndCollectMetadata()
    {
        var handler = new Recording("""[{"tenantId":"xero-tenant-1","tenantType":"ORGANISATION"}]""");
        var reader = new ProviderMetadataReader(new Factory(handler));
        var problems = new List<string>();

        var values = await reader.PostConnectAsync(Connector(Settings), new Dictionary<string, string> { ["realmId"] = "1" }, "access-1", problems);

        Assert.Empty(problems);
        Assert.Equal("xero-tenant-1", values["xeroTenantId"]);
        Assert.Equal("1", values["realmId"]);
        Assert.Equal("Bearer access-1", handler.Authorization);
        Assert.Equal("https://api.xero.com/connections", handler.Url);
    }

    [Theory]
    [InlineData("acme\n")]
    [InlineData("4620816365\n")]
    [InlineData("46208\r16365")]
    public void AValueEndingInALineFeedIsRefusedEvenWhenThePatternEndsWithDollar(string realm)
    {
        var problems = new List<string>();
        var values = ProviderMetadataReader.FromCallback(Settings with { CallbackMetadata = [new CallbackMetadata("realmId", "realmId", true, "^[a-z0-9]{1,20}$")] }, _ => realm, problems);

        Assert.Equal(["realmId has an unexpected format"], problems);
        Assert.Empty(values);
    }

    [Fact]
    public void AValueWithoutAPatternStillMustNotHoldControlCharacters()
    {
        var problems = new List<string>();
        var values = ProviderMetadataReader.FromJson([new PointerMetadata("teamId", "/team/id", false)], JsonDocument.Parse("""{"team":{"id":"T1\r\nX-Evil: 1"}}""").RootElement, problems);

        Assert.Single(problems);
        Assert.Empty(values);
    }

    [Fact]
    public void AListKeepsEveryItemCommaSeparatedAndRefusesItemsHoldingTheSeparator()
    {
        var all = new PointerMetadata("tenantIds", "", true, "^[a-z0-9-]+\\z", Item: "/tenantId", All: true);
        var problems = new List<string>();

        var values = ProviderMetadataReader.FromJson([all], JsonDocument.Parse("""[{"tenantId":"t-1"},{"tenantId":"t-2"},{"tenantId":"t-1"}]""").RootElement, problems);
        Assert.Empty(problems);
        Assert.Equal("t-1,t-2", values["tenantIds"]);

        ProviderMetadataReader.FromJson([all with { Pattern = null }], JsonDocument.Parse("""[{"tenantId":"t-1,t-3"}]""").RootElement, problems);
        Assert.Equal(["tenantIds has an unexpected format"], problems);
    }

    [Fact]
    public void WherePicksTheFirstElementWhoseValuesMatch()
    {
        var baseUri = new PointerMetadata("baseUri", "/accounts", true, Item: "/base_uri", Where: new Dictionary<string, JsonElement> { ["/is_default"] = JsonDocument.Parse("true").RootElement });
        var problems = new List<string>();

        var values = ProviderMetadataReader.FromJson(
            [baseUri],
            JsonDocument.Parse("""{"accounts":[{"base_uri":"https://old.example","is_default":false},{"base_uri":"https://main.example","is_default":true}]}""").RootElement,
            problems);

        Assert.Empty(problems);
        Assert.Equal("https://main.example", values["baseUri"]);
    }

    [Fact]
    public void AccessTokenClaimsAreReadFromAJwtPayloadAndAMissingRequiredClaimIsAProblem()
    {
        var settings = Settings with { AccessTokenClaims = [new ClaimMetadata("authEventId", "authentication_event_id", true, "^[0-9a-f-]{36}\\z")] };
        var payload = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"authentication_event_id":"11111111-2222-3333-4444-555555555555"}"""));
        var problems = new List<string>();

        var values = ProviderMetadataReader.FromAccessToken(settings, $"eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln", problems);
        Assert.Empty(problems);
        Assert.Equal("11111111-2222-3333-4444-555555555555", values["authEventId"]);

        Assert.Empty(ProviderMetadataReader.FromAccessToken(settings, "opaque-token", problems));
        Assert.Equal(["authEventId is missing"], problems);
    }

    [Fact]
    public async Task PostConnectTemplatesMayUseTheAccessTokenAndMetadataReadSoFar()
    {
        var handler = new Recording("""{"api_endpoint":"https://us6.api.mailchimp.com"}""");
        var reader = new ProviderMetadataReader(new Factory(handler));
        var settings = Settings with
        {
            PostConnect = [new PostConnectRequest("GET", "https://login.example.com/metadata?event={authEventId}", "none", new Dictionary<string, string> { ["Authorization"] = "OAuth {accessToken}" }, [new PointerMetadata("apiEndpoint", "/api_endpoint", true)])],
        };
        var problems = new List<string>();

        var values = await reader.PostConnectAsync(Connector(settings), new Dictionary<string, string> { ["authEventId"] = "e1" }, "access-2", problems);

        Assert.Empty(problems);
        Assert.Equal("OAuth access-2", handler.Authorization);
        Assert.Equal("https://login.example.com/metadata?event=e1", handler.Url);
        Assert.Equal("https://us6.api.mailchimp.com", values["apiEndpoint"]);
        Assert.False(values.ContainsKey("accessToken"));
    }

    private static ConnectorDefinition Connector(OAuth2Settings settings)
        => new() { Id = "test", Name = "Test", AuthenticationTypes = ["oauth2"], OAuth2 = settings };

    private sealed class Factory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private sealed class Recording(string body) : HttpMessageHandler
    {
        public string? Authorization { get; private set; }

        public string? Url { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : null;
            Url = request.RequestUri?.AbsoluteUri;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
