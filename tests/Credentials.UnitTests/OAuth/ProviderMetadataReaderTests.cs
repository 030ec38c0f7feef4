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

        var values = await reader.PostConnectAsync(Settings, new Dictionary<string, string> { ["realmId"] = "1" }, "access-1", problems);

        Assert.Empty(problems);
        Assert.Equal("xero-tenant-1", values["xeroTenantId"]);
        Assert.Equal("1", values["realmId"]);
        Assert.Equal("Bearer access-1", handler.Authorization);
        Assert.Equal("https://api.xero.com/connections", handler.Url);
    }

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
            Authorization = request.Headers.Authorization?.ToString();
            Url = request.RequestUri?.AbsoluteUri;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
