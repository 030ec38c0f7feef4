using System.Net;
using Credentials.EndToEndTests.Proxy;
using Microsoft.AspNetCore.WebUtilities;

namespace Credentials.EndToEndTests.Security;

[Collection(ProxyCollection.Name)]
[OwaspRisk("API10:2023", "Unsafe Consumption of APIs")]
public class Api10UnsafeConsumptionOfApisTests(ProxyServiceFixture service)
{
    [Fact]
    [SecurityCase("A provider's Server and WWW-Authenticate headers are not passed on: its 401 challenge must not read as this service's own")]
    public async Task ProviderIdentityAndChallengeHeadersAreDropped()
    {
        var (api, userId) = await service.TenantAsync();
        var credentialId = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "k" });

        var ok = await api.GetAsync($"credentials/{credentialId}/proxy/anything");
        var refused = await api.GetAsync($"credentials/{credentialId}/proxy/unauthorized");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("yes", ok.Headers.GetValues("X-Upstream").Single());
        // The service's own host may name itself; the provider's name must not come through.
        Assert.DoesNotContain(UpstreamServer.ServerName, ok.Headers.Server.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty(refused.Headers.WwwAuthenticate);
        Assert.DoesNotContain(UpstreamServer.ServerName, refused.Headers.Server.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    [SecurityCase("A provider's Set-Cookie and CORS grants are not passed on; its other headers are")]
    public async Task ProviderCookiesAndCorsGrantsAreDropped()
    {
        var (api, userId) = await service.TenantAsync();
        var credentialId = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "k" });

        var response = await api.GetAsync($"credentials/{credentialId}/proxy/cookies");

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("kept", response.Headers.GetValues("X-Upstream-Note").Single());
    }

    [Fact]
    [SecurityCase("A provider's error text reaches the tenant's redirect only as short printable ASCII: no CR LF, at most 200 characters")]
    public async Task ProviderErrorTextIsSanitisedBeforeItIsReflected()
    {
        var (api, userId) = await service.TenantAsync();
        var state = SecurityScenario.StateOf(await SecurityScenario.StartFlowAsync(api, userId, ProxyServiceFixture.OAuthConnector));
        var description = Uri.EscapeDataString("denied\r\nSet-Cookie: x=1 " + new string('z', 500));

        var response = await SecurityScenario.CallbackAsync(service, ProxyServiceFixture.OAuthConnector, $"state={state}&error=access_denied%0D%0A&error_description={description}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal("access_denied", query["error"].ToString());
        var reflected = query["error_description"].ToString();
        Assert.True(reflected.Length <= 200, $"{reflected.Length} characters reflected");
        Assert.DoesNotContain(reflected, c => c < ' ' || c > '~');
    }
}
