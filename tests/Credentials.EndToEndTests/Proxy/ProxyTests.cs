using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credentials.Core.Proxy;
using Credentials.Core.UseCases;

namespace Credentials.EndToEndTests.Proxy;

[Collection(ProxyCollection.Name)]
public partial class ProxyTests(ProxyServiceFixture service)
{
    private static readonly UriCreationOptions Raw = new() { DangerousDisablePathAndQueryCanonicalization = true };

    [Fact]
    public async Task AHeaderApiKeyLandsWithTheConnectorsHeadersAndOnlySafeCallerHeaders()
    {
        var (api, userId) = await service.TenantAsync();
        var key = "hdr-" + Guid.NewGuid().ToString("N");
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = key });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"credentials/{id}/proxy/v1/items?page=2&q=a%20b");
        request.Headers.TryAddWithoutValidation("Cookie", "service-session=caller");
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("X-Caller-Private", "do-not-forward");
        request.Headers.TryAddWithoutValidation("X-Api-Version", "caller-choice");
        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, response.Headers.GetValues(ProxyResponse.CredentialIdHeader).Single());
        Assert.Equal("yes", response.Headers.GetValues("X-Upstream").Single());
        Assert.Equal("/v1/items", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("path").GetString());
        var seen = service.Upstream.Last;
        Assert.Equal("/v1/items?page=2&q=a%20b", seen.RawTarget);
        Assert.Equal(key, seen.Header("X-Api-Key"));
        Assert.Equal("2024-01", seen.Header("X-Api-Version"));
        Assert.Equal("application/json", seen.Header("Accept"));
        Assert.Null(seen.Header("Authorization"));
        Assert.Null(seen.Header("Cookie"));
        Assert.Null(seen.Header("X-Caller-Private"));
        Assert.Equal($"127.0.0.1:{service.Upstream.Port}", seen.Header("Host"));
    }

    [Fact]
    public async Task AQueryApiKeyReplacesACallersParameterOfTheSameName()
    {
        var (api, userId) = await service.TenantAsync();
        var key = "qry-" + Guid.NewGuid().ToString("N");
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.QueryConnector, "apiKey", new { apiKey = key });

        var response = await api.GetAsync($"credentials/{id}/proxy/v1/search?api_key=callers&page=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/v1/search?page=3&api_key={key}", service.Upstream.Last.RawTarget);
    }

    [Fact]
    public async Task BasicCredentialsAreSentAsBasicAuthorization()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.BasicConnector, "basic", new { username = "ada", password = "p@ss:word" });

        var response = await api.GetAsync($"credentials/{id}/proxy/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var authorization = AuthenticationHeaderValue.Parse(service.Upstream.Last.Header("Authorization")!);
        Assert.Equal("Basic", authorization.Scheme);
        Assert.Equal("ada:p@ss:word", Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Parameter!)));
    }

    [Fact]
    public async Task OAuth1RequestsCarryTheRealmAndASignatureTheProviderCanRecompute()
    {
        var (api, userId) = await service.TenantAsync();
        var data = new { accountId = "1234567_SB1", consumerKey = "ck-1", consumerSecret = "cs-secret", tokenId = "tk-1", tokenSecret = "ts-secret" };
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.OAuth1Connector, "custom", data);

        using var form = new FormUrlEncodedContent([new("name", "Acme Inc"), new("kind", "customer")]);
        var response = await api.PostAsync($"credentials/{id}/proxy/services/rest/record/v1/customer?expand=true", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = service.Upstream.Last;
        var header = AuthenticationHeaderValue.Parse(seen.Header("Authorization")!);
        Assert.Equal("OAuth", header.Scheme);
        var parameters = OAuthParameter().Matches(header.Parameter!).ToDictionary(m => m.Groups[1].Value, m => Uri.UnescapeDataString(m.Groups[2].Value));
        Assert.Equal("1234567_SB1", parameters["realm"]);
        Assert.Equal("ck-1", parameters["oauth_consumer_key"]);
        Assert.Equal("tk-1", parameters["oauth_token"]);
        Assert.Equal("HMAC-SHA256", parameters["oauth_signature_method"]);

        var signed = parameters.Where(p => p.Key is not "realm" and not "oauth_signature")
            .Concat(OAuth1SignatureBase.ParseForm(Encoding.UTF8.GetString(seen.Body)));
        var baseString = OAuth1SignatureBase.Build("POST", new Uri(service.Upstream.BaseUrl + seen.RawTarget, Raw), signed);
        Assert.Equal(OAuth1Signer.Sign(baseString, "cs-secret", "ts-secret"), parameters["oauth_signature"]);
    }

    [Fact]
    public async Task AnImportedOAuthTokenIsSentAsBearer()
    {
        var (api, userId) = await service.TenantAsync();
        var response = await api.PostAsJsonAsync("credentials", new { userId, connectorId = ProxyServiceFixture.OAuthConnector, authenticationType = "oauth2", data = new { accessToken = "at-imported-1" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString();

        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"credentials/{id}/proxy/v1/items/7")).StatusCode);

        var seen = service.Upstream.Last;
        Assert.Equal("DELETE", seen.Method);
        Assert.Equal("Bearer at-imported-1", seen.Header("Authorization"));
    }

    [Fact]
    public async Task ProviderCookiesAndCorsGrantsAreNotReturnedOtherHeadersAre()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "cookie-key" });

        var response = await api.GetAsync($"credentials/{id}/proxy/cookies");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("kept", response.Headers.GetValues("X-Upstream-Note").Single());
        Assert.Equal(id, response.Headers.GetValues(ProxyResponse.CredentialIdHeader).Single());
        Assert.Equal("set", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cookies").GetString());
    }

    [Fact]
    public async Task ABodyDeclaredOverTenMebibytesIs413AndTheProviderIsNeverCalled()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "big-key" });
        var before = service.Upstream.Requests.Count;

        using var request = new HttpRequestMessage(HttpMethod.Post, $"credentials/{id}/proxy/upload") { Content = new ByteArrayContent(new byte[ProxyService.MaxBodyBytes + 1]) };
        request.Headers.ExpectContinue = true;
        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(before, service.Upstream.Requests.Count);
    }

    [Fact]
    public async Task ABodyJustUnderTheCapIsStreamedThrough()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "stream-key" });

        var response = await api.PutAsync($"credentials/{id}/proxy/upload", new ByteArrayContent(new byte[ProxyService.MaxBodyBytes]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ProxyService.MaxBodyBytes, service.Upstream.Last.Body.Length);
    }

    [Theory]
    [InlineData("v1/..%2fadmin")]
    [InlineData("v1/%2e%2e/admin")]
    [InlineData("%2e%2e/%2e%2e/admin")]
    [InlineData("v1/%252e%252e/admin")]
    [InlineData("https://evil.example/x")]
    [InlineData("%2F%2Fevil.example/x")]
    public async Task TraversalAndAbsoluteUrlPathsAre400AndTheProviderIsNeverCalled(string path)
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "trav-key" });
        var before = service.Upstream.Requests.Count;

        var response = await api.GetAsync(new Uri($"{service.BaseAddress}api/credentials/{id}/proxy/{path}", Raw));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("validation_failed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(before, service.Upstream.Requests.Count);
    }

    [Fact]
    public async Task AHostOutsideTheConnectorsAllowedHostsIs400AndNothingIsSent()
    {
        var (api, userId) = await service.TenantAsync();
        // localhost reaches the same provider, but only 127.0.0.1 is an allowed host.
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.TemplatedConnector, "apiKey", new { apiBase = $"http://localhost:{service.Upstream.Port}", apiKey = "foreign-key" });
        var before = service.Upstream.Requests.Count;

        var response = await api.GetAsync($"credentials/{id}/proxy/v1/items");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("baseUrl", out _));
        Assert.Equal(before, service.Upstream.Requests.Count);
    }

    [Fact]
    public async Task AClosedPortIs502()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.TemplatedConnector, "apiKey", new { apiBase = $"http://127.0.0.1:{service.ClosedPort}", apiKey = "down-key" });

        var response = await api.GetAsync($"credentials/{id}/proxy/v1/items");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_unreachable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AProviderSlowerThanTheTimeoutIs504()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "slow-key" });

        var response = await api.GetAsync($"credentials/{id}/proxy/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream_timeout", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnotherTenantsCredentialIs404AndNothingIsSent()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "mine" });
        var (other, _) = await service.TenantAsync();
        var before = service.Upstream.Requests.Count;

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"credentials/{id}/proxy/v1/items")).StatusCode);
        Assert.Equal(before, service.Upstream.Requests.Count);
    }

    [Fact]
    public async Task QueryParameterKeysAppearInNoLogLineOrTelemetryItem()
    {
        var (api, userId) = await service.TenantAsync();
        var canary = "CANARY-query-key-" + Guid.NewGuid().ToString("N");
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.QueryConnector, "apiKey", new { apiKey = canary });

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"credentials/{id}/proxy/v1/items")).StatusCode);

        Assert.Contains(service.Upstream.Requests, r => r.RawTarget.Contains(canary, StringComparison.Ordinal));
        Assert.True(service.ExportedItemCount > 0);
        Assert.DoesNotContain(service.AllTelemetryText(), line => line.Contains(canary, StringComparison.Ordinal));
    }

    [GeneratedRegex("([a-z_]+)=\"([^\"]*)\"")]
    private static partial Regex OAuthParameter();
}
