using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests;

[Collection(ServiceCollection.Name)]
public class AuthenticationMatrixTests(ServiceFixture service)
{
    [Fact]
    public async Task EveryHttpFunctionExceptHealthAndCallbackRefusesMissingMalformedUnknownAndRevokedKeysAlike()
    {
        var (tenantId, apiKey) = await service.CreateTenantAsync("Auth");
        using var admin = service.Admin();
        var issued = await (await admin.PostAsJsonAsync($"platform/tenants/{tenantId}/api-keys", new { name = "to revoke" })).Content.ReadFromJsonAsync<JsonElement>();
        var revokedKey = issued.GetProperty("apiKey").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"platform/tenants/{tenantId}/api-keys/{issued.GetProperty("keyId").GetString()}")).StatusCode);
        var unknownKey = Credentials.Core.Tenancy.ApiKeyFormat.Generate().Key;

        var presented = new string?[] { null, "not-a-key", unknownKey, revokedKey, apiKey[..^1] + (apiKey[^1] == 'a' ? 'b' : 'a') };
        var routes = RouteCatalog.HttpRoutes(_ => "x1").Where(r => !RouteCatalog.Anonymous.Contains(r.Name) && !RouteCatalog.SessionToken.Contains(r.Name)).ToList();
        Assert.True(routes.Count >= 15, $"only {routes.Count} routes found");

        string? firstBody = null;
        foreach (var (name, method, route) in routes)
        {
            foreach (var key in presented)
            {
                using var client = key is null ? service.Anonymous() : service.WithKey(key);
                using var request = new HttpRequestMessage(new HttpMethod(method), route) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
                var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name} {method} {route} with {(key is null ? "no key" : "a bad key")} answered {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var body = await response.Content.ReadAsStringAsync();
                firstBody ??= body;
                Assert.Equal(firstBody, body);
            }
        }
    }

    [Fact]
    public async Task PlatformRoutesRefuseATenantKey()
    {
        var (tenantId, apiKey) = await service.CreateTenantAsync("NotAdmin");
        using var client = service.WithKey(apiKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("platform/tenants", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"platform/tenants/{tenantId}/api-keys")).StatusCode);
    }

    [Fact]
    public async Task RevokedKeyStopsWorkingAtOnceWhileOtherKeysGoOn()
    {
        var (tenantId, firstKey) = await service.CreateTenantAsync("Revoke");
        using var admin = service.Admin();
        var second = await (await admin.PostAsJsonAsync($"platform/tenants/{tenantId}/api-keys", new { name = "second" })).Content.ReadFromJsonAsync<JsonElement>();
        using var secondClient = service.WithKey(second.GetProperty("apiKey").GetString()!);
        using var firstClient = service.WithKey(firstKey);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync("settings")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"platform/tenants/{tenantId}/api-keys/{second.GetProperty("keyId").GetString()}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await secondClient.GetAsync("settings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync("settings")).StatusCode);
        var keys = await admin.GetFromJsonAsync<JsonElement>($"platform/tenants/{tenantId}/api-keys");
        Assert.Equal(2, keys.GetProperty("apiKeys").GetArrayLength());
        Assert.Contains(keys.GetProperty("apiKeys").EnumerateArray(), k => k.GetProperty("revokedAt").ValueKind == JsonValueKind.String);
        Assert.DoesNotContain("cred_live_", keys.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthIsAnonymous()
    {
        using var client = service.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health")).StatusCode);
    }
}
