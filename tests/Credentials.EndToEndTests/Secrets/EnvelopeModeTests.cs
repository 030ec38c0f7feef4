using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.Core.Secrets;
using Credentials.EndToEndTests.Security;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests.Secrets;

/// <summary>Envelope mode over HTTP: secrets under the tenant's data key, rotation, crypto-shredding, a throttled vault.</summary>
[Collection(EnvelopeCollection.Name)]
public class EnvelopeModeTests(EnvelopeServiceFixture service)
{
    [Fact]
    public async Task RotationKeepsTokensReadableAndShreddingAnswersDataKeyDeletedAndIsAudited()
    {
        var (tenantId, key) = await service.CreateTenantAsync("Envelope");
        using var api = service.WithKey(key);
        using var admin = service.Admin();
        var userId = await ServiceFixture.CreateUserAsync(api, "envelope-user");
        var credentialId = await SecurityScenario.ImportOAuthAsync(api, userId, "hubspot", "at-envelope");
        Assert.Single(service.Vault.GetVersions(TenantDataKeyVault.SecretName(tenantId)));

        var rotate = await admin.PostAsync($"platform/tenants/{tenantId}/data-key/rotate", null);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var rotated = (await rotate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keyId").GetString();
        Assert.Equal(service.Vault.GetVersions(TenantDataKeyVault.SecretName(tenantId))[^1].Version, rotated);
        Assert.Equal("at-envelope", await AccessTokenAsync(api, credentialId));

        var shred = await admin.DeleteAsync($"platform/tenants/{tenantId}/data-key");
        Assert.Equal(HttpStatusCode.OK, shred.StatusCode);
        var deletion = await shred.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(deletion.GetProperty("purged").GetBoolean());
        Assert.True(deletion.GetProperty("scheduledPurgeAt").GetDateTimeOffset() > deletion.GetProperty("deletedAt").GetDateTimeOffset());

        var read = await api.GetAsync($"credentials/{credentialId}/token");
        Assert.Equal(HttpStatusCode.Gone, read.StatusCode);
        Assert.Equal("data_key_deleted", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.DoesNotContain("at-envelope", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await admin.PostAsync($"platform/tenants/{tenantId}/data-key/rotate", null)).StatusCode);

        var acts = (await SecurityScenario.AuditAsync(api, "?limit=100", e => e.GetProperty("act").GetString() == "datakey.delete")).Select(e => e.GetProperty("act").GetString()).ToList();
        Assert.Contains("datakey.rotate", acts);
        Assert.Contains("datakey.delete", acts);
    }

    [Fact]
    public async Task AThrottledVaultAnswersARetryable503AndStoresNothing()
    {
        var (_, key) = await service.CreateTenantAsync("Throttled");
        using var api = service.WithKey(key);
        var userId = await ServiceFixture.CreateUserAsync(api, "throttled-user");
        service.Vault.FailNextRequests(1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(4));

        var refused = await api.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "k-1" } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("secret_store_unavailable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(4), refused.Headers.RetryAfter?.Delta);
        var listed = await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials");
        Assert.Equal(0, listed.GetProperty("credentials").GetArrayLength());
        await SecurityScenario.CreateAsync(api, new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "k-1" } });
    }

    [Fact]
    public async Task DataKeyRoutesNeedThePlatformKeyAndAKnownTenant()
    {
        var (tenantId, key) = await service.CreateTenantAsync("Routes");
        using var api = service.WithKey(key);
        using var admin = service.Admin();

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsync($"platform/tenants/{tenantId}/data-key/rotate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.DeleteAsync($"platform/tenants/{tenantId}/data-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("platform/tenants/ten-aaaaaaaaaaaaaaaaaaaaaaaaaa/data-key/rotate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"platform/tenants/{tenantId}/data-key")).StatusCode);
        Assert.Empty(service.Vault.GetVersions(TenantDataKeyVault.SecretName(tenantId)));
    }

    private static async Task<string?> AccessTokenAsync(HttpClient api, string credentialId)
    {
        var response = await api.GetAsync($"credentials/{credentialId}/token");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    }
}
