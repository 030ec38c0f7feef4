using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.EndToEndTests.Proxy;

namespace Credentials.EndToEndTests.Security;

[Collection(LimitsCollection.Name)]
[OwaspRisk("API4:2023", "Unrestricted Resource Consumption")]
public class Api4UnrestrictedResourceConsumptionTests(LimitsServiceFixture service)
{
    [Fact]
    [SecurityCase("A tenant key over its rate answers 429 rate_limited with Retry-After and limit tenant-key; the rate is the platform admin's per-tenant override")]
    public async Task AKeyOverItsRateIsRefusedWith429()
    {
        var (tenantId, key) = await service.CreateTenantAsync("Rate limited");
        using var api = service.WithKey(key);
        await SecurityScenario.SetLimitsAsync(service, tenantId, new { requestsPerSecond = 0.001, requestBurst = 3 });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("settings")).StatusCode);
        }

        await SecurityScenario.AssertRateLimitedAsync(await api.GetAsync("settings"), "tenant-key");
        await SecurityScenario.AssertRateLimitedAsync(await api.GetAsync("connectors"), "tenant-key");
    }

    [Fact]
    [SecurityCase("Raising a tenant's limit through the platform route lets the same key continue at once, and GET shows the override")]
    public async Task RaisingATenantsLimitTakesEffectAtOnce()
    {
        var (tenantId, key) = await service.CreateTenantAsync("Raised");
        using var api = service.WithKey(key);
        await SecurityScenario.SetLimitsAsync(service, tenantId, new { requestsPerSecond = 0.001, requestBurst = 1 });
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("settings")).StatusCode);
        await SecurityScenario.AssertRateLimitedAsync(await api.GetAsync("settings"), "tenant-key");

        await SecurityScenario.SetLimitsAsync(service, tenantId, new { requestsPerSecond = 0.001, requestBurst = 20 });

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("settings")).StatusCode);
        using var admin = service.Admin();
        var shown = await admin.GetFromJsonAsync<JsonElement>($"platform/tenants/{tenantId}/limits");
        Assert.Equal(20, shown.GetProperty("requestBurst").GetInt32());
        Assert.Contains("requestBurst", shown.GetProperty("overridden").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    [SecurityCase("Token-endpoint calls per connector and OAuth app are limited across tenants: with a shared deployment app the third forced refresh answers 429 token-endpoint")]
    public async Task TokenEndpointCallsOfASharedAppAreLimitedAcrossTenants()
    {
        const string connector = ProxyServiceFixture.OAuthRevocationFailsConnector;
        var first = await SecurityScenario.TenantAsync(service, "Shared app 1");
        var second = await SecurityScenario.TenantAsync(service, "Shared app 2");
        var a = await SecurityScenario.ImportOAuthAsync(first.Api, first.UserId, connector);
        var b = await SecurityScenario.ImportOAuthAsync(second.Api, second.UserId, connector);
        var c = await SecurityScenario.ImportOAuthAsync(first.Api, first.UserId, connector);

        Assert.Equal(HttpStatusCode.OK, (await first.Api.PostAsync($"credentials/{a}/refresh", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Api.PostAsync($"credentials/{b}/refresh", null)).StatusCode);
        var tokenCalls = service.Upstream.Requests.Count(r => r.RawTarget == "/token");

        await SecurityScenario.AssertRateLimitedAsync(await first.Api.PostAsync($"credentials/{c}/refresh", null), "token-endpoint");
        Assert.Equal(tokenCalls, service.Upstream.Requests.Count(r => r.RawTarget == "/token"));
        Assert.Equal("active", (await first.Api.GetFromJsonAsync<JsonElement>($"credentials/{c}")).GetProperty("status").GetString());
    }

    [Fact]
    [SecurityCase("Credentials per user, users per tenant and auth configs per tenant stop at their quota with 409 quota_exceeded naming it; a delete frees room; the platform admin raises them")]
    public async Task QuotasStopCreatesUntilRaised()
    {
        var (tenantId, key) = await service.CreateTenantAsync("Quotas");
        using var api = service.WithKey(key);
        await SecurityScenario.SetLimitsAsync(service, tenantId, new { credentialsPerUser = 1, usersPerTenant = 1, authConfigsPerTenant = 1 });
        var userId = await Credentials.TestSupport.Service.ServiceFixture.CreateUserAsync(api, "only-user");
        object Credential(string apiKey) => new { userId, connectorId = ProxyServiceFixture.HeaderConnector, authenticationType = "apiKey", data = new { apiKey } };
        object AuthConfig(string secret) => new { clientId = "tenant-client", clientSecret = secret };

        await SecurityScenario.AssertQuotaExceededAsync(await api.PostAsJsonAsync("users", new { username = "second-user" }), "usersPerTenant", 1);
        var credentialId = await SecurityScenario.CreateAsync(api, Credential("first"));
        await SecurityScenario.AssertQuotaExceededAsync(await api.PostAsJsonAsync("credentials", Credential("second")), "credentialsPerUser", 1);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"connectors/{ProxyServiceFixture.OAuthConnector}/auth-config", AuthConfig("one"))).StatusCode);
        await SecurityScenario.AssertQuotaExceededAsync(await api.PutAsJsonAsync($"connectors/{ProxyServiceFixture.OAuthConnector}/auth-config", AuthConfig("two")), "authConfigsPerTenant", 1);
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"credentials/{credentialId}")).StatusCode);
        await SecurityScenario.CreateAsync(api, Credential("after delete"));

        await SecurityScenario.SetLimitsAsync(service, tenantId, new { credentialsPerUser = 5, usersPerTenant = 5, authConfigsPerTenant = 5 });
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("users", new { username = "second-user" })).StatusCode);
        await SecurityScenario.CreateAsync(api, Credential("second"));
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"connectors/{ProxyServiceFixture.OAuthConnector}/auth-config", AuthConfig("two"))).StatusCode);
    }

    [Fact]
    [SecurityCase("A JSON body over 64 KiB answers 413 and a proxied body declared over 10 MiB answers 413, before anything is stored or sent")]
    public async Task OversizedBodiesAreRefusedBeforeWork()
    {
        var (api, userId) = await service.TenantAsync();
        var credentialId = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "k" });
        var sent = service.Upstream.Requests.Count;

        var json = await api.PostAsJsonAsync("credentials", new { userId, connectorId = ProxyServiceFixture.HeaderConnector, authenticationType = "apiKey", data = new { apiKey = new string('k', 70 * 1024) } });
        using var proxied = new HttpRequestMessage(HttpMethod.Post, $"credentials/{credentialId}/proxy/upload") { Content = new ByteArrayContent(new byte[(10 * 1024 * 1024) + 1]) };
        proxied.Headers.ExpectContinue = true;
        var proxy = await api.SendAsync(proxied);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, json.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, proxy.StatusCode);
        Assert.Equal(sent, service.Upstream.Requests.Count);
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }
}
