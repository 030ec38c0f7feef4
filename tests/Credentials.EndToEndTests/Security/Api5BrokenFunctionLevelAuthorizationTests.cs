using System.Net;
using System.Net.Http.Json;
using System.Text;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests.Security;

[Collection(ServiceCollection.Name)]
[OwaspRisk("API5:2023", "Broken Function Level Authorization")]
public class Api5BrokenFunctionLevelAuthorizationTests(ServiceFixture service)
{
    [Fact]
    [SecurityCase("Every platform route (found by reflection: tenants, keys, limits) refuses a tenant key with 401 and changes nothing")]
    public async Task PlatformRoutesRefuseTenantKeys()
    {
        var (tenantId, key) = await service.CreateTenantAsync("Function level");
        using var tenant = service.WithKey(key);
        using var admin = service.Admin();
        var keysBefore = await admin.GetStringAsync($"platform/tenants/{tenantId}/api-keys");
        var routes = RouteCatalog.HttpRoutes(p => p == "tenantId" ? tenantId : "aaaaaaaaaaaaaaaa")
            .Where(r => r.Route.StartsWith("platform/", StringComparison.Ordinal))
            .ToList();
        Assert.True(routes.Count >= 5, $"only {routes.Count} platform routes");

        foreach (var (name, method, route) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), route) { Content = new StringContent("""{"name":"x","requestBurst":100000}""", Encoding.UTF8, "application/json") };
            var response = await tenant.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name} {method} {route} with a tenant key answered {(int)response.StatusCode}");
        }

        Assert.Equal(keysBefore, await admin.GetStringAsync($"platform/tenants/{tenantId}/api-keys"));
    }

    [Fact]
    [SecurityCase("Tenant routes refuse the platform admin key (it names no tenant), so the admin cannot read tenants' credentials by accident")]
    public async Task TenantRoutesRefuseThePlatformKey()
    {
        var (_, _, api, userId) = await SecurityScenario.TenantAsync(service, "Admin reads");
        var credentialId = await SecurityScenario.CreateAsync(api, new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "k" } });
        using var admin = service.Admin();

        foreach (var route in new[] { "settings", $"users/{userId}", $"credentials/{credentialId}", $"credentials/{credentialId}/token", "audit", "connectors" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync(route)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.PostAsJsonAsync("users", new { username = "by-admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"credentials/{credentialId}")).StatusCode);
    }
}
