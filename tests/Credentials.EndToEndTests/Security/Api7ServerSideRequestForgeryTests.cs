using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.EndToEndTests.Proxy;

namespace Credentials.EndToEndTests.Security;

[Collection(ProxyCollection.Name)]
[OwaspRisk("API7:2023", "Server Side Request Forgery")]
public class Api7ServerSideRequestForgeryTests(ProxyServiceFixture service)
{
    [Theory]
    [SecurityCase("A webhook URL naming instance metadata, a private, link-local or carrier-NAT address, or one of them in numeric disguise, is refused at PUT /settings with the SSRF guard's own address policy")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://10.0.0.5/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("https://100.100.100.200/hook")]
    [InlineData("https://0xa9fea9fe/hook")]
    [InlineData("https://2852039166/hook")]
    [InlineData("https://[::ffff:169.254.169.254]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    public async Task AWebhookUrlTheDeliveryGuardWouldBlockIsRefusedAtInput(string webhookUrl)
    {
        var (api, _) = await service.TenantAsync();

        var response = await api.PutAsJsonAsync("settings", new { allowedRedirectUris = Array.Empty<string>(), webhookUrl });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await SecurityScenario.ProblemAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("webhookUrl", out _), problem.ToString());
        Assert.Equal(JsonValueKind.Null, (await api.GetFromJsonAsync<JsonElement>("settings")).GetProperty("webhookUrl").ValueKind);
    }

    [Theory]
    [SecurityCase("Proxy paths with Tomcat-style '..;' segments, plain or encoded, are refused (400) and nothing reaches the provider")]
    [InlineData("echo/..;/admin")]
    [InlineData("echo/..;jsessionid=1/admin")]
    [InlineData("echo/%2e%2e;/admin")]
    [InlineData("echo/.;/admin")]
    public async Task SemicolonTraversalIsRefused(string path)
    {
        var (api, userId) = await service.TenantAsync();
        var credentialId = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "k" });
        var before = service.Upstream.Requests.Count;

        var response = await api.GetAsync($"credentials/{credentialId}/proxy/{path}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, service.Upstream.Requests.Count);
    }

    [Fact]
    [SecurityCase("A credential whose templated API base names the metadata address cannot be used through the proxy (400) and nothing is sent")]
    public async Task ATemplatedBaseUrlCannotReachTheMetadataAddress()
    {
        var (api, userId) = await service.TenantAsync();
        var credentialId = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.TemplatedConnector, "apiKey", new { apiBase = "http://169.254.169.254:80", apiKey = "k" });
        var before = service.Upstream.Requests.Count;

        var response = await api.GetAsync($"credentials/{credentialId}/proxy/latest/meta-data");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await SecurityScenario.ProblemAsync(response)).GetProperty("errors").TryGetProperty("baseUrl", out _));
        Assert.Equal(before, service.Upstream.Requests.Count);
    }
}
