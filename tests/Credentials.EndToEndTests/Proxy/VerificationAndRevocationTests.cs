using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Credentials.EndToEndTests.Proxy;

[Collection(ProxyCollection.Name)]
public class VerificationAndRevocationTests(ProxyServiceFixture service)
{
    [Fact]
    public async Task AKeyTheProviderAcceptsIsStoredAfterOneVerificationRequest()
    {
        var (api, userId) = await service.TenantAsync();
        var key = "good-" + Guid.NewGuid().ToString("N");

        await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.VerifiedConnector, "apiKey", new { apiKey = key });

        var seen = Assert.Single(service.Upstream.Requests, r => r.Header("X-Api-Key") == key);
        Assert.Equal("GET", seen.Method);
        Assert.Equal("/verify", seen.RawTarget);
        Assert.Equal(1, await CountAsync(api, userId));
    }

    [Fact]
    public async Task AKeyTheProviderRefusesIs400VerificationFailedAndNothingIsStored()
    {
        var (api, userId) = await service.TenantAsync();

        var response = await api.PostAsJsonAsync("credentials", new { userId, connectorId = ProxyServiceFixture.VerifiedConnector, authenticationType = "apiKey", data = new { apiKey = "bad-" + Guid.NewGuid().ToString("N") } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("verification_failed", problem.GetProperty("code").GetString());
        Assert.Equal(401, problem.GetProperty("providerStatus").GetInt32());
        Assert.Equal(0, await CountAsync(api, userId));
    }

    [Fact]
    public async Task AProviderThatCannotBeReachedIs503AndNothingIsStored()
    {
        var (api, userId) = await service.TenantAsync();

        var response = await api.PostAsJsonAsync("credentials", new { userId, connectorId = ProxyServiceFixture.DownConnector, authenticationType = "apiKey", data = new { apiKey = "good-but-down" } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("provider_error", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, await CountAsync(api, userId));
    }

    [Fact]
    public async Task VerifyMarksARefusedCredentialInvalidAndTheProxyThenRefusesItWithoutCallingTheProvider()
    {
        var (api, userId) = await service.TenantAsync();
        var key = "good-" + Guid.NewGuid().ToString("N");
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.VerifiedConnector, "apiKey", new { apiKey = key });
        Assert.Equal(JsonValueKind.True, (await VerifyAsync(api, id)).GetProperty("verified").ValueKind);

        service.Upstream.Reject(key);
        var result = await VerifyAsync(api, id);

        Assert.False(result.GetProperty("verified").GetBoolean());
        Assert.Equal("invalid", result.GetProperty("status").GetString());
        var credential = await api.GetFromJsonAsync<JsonElement>($"credentials/{id}");
        Assert.Equal("invalid", credential.GetProperty("status").GetString());
        Assert.Equal("verification_failed", credential.GetProperty("statusReason").GetString());

        var before = service.Upstream.Requests.Count;
        var proxied = await api.GetAsync($"credentials/{id}/proxy/v1/items");
        Assert.Equal(HttpStatusCode.Conflict, proxied.StatusCode);
        var problem = await proxied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("credential_invalid", problem.GetProperty("code").GetString());
        Assert.Equal(id, problem.GetProperty("credentialId").GetString());
        Assert.Equal("verification_failed", problem.GetProperty("reason").GetString());
        Assert.Equal(before, service.Upstream.Requests.Count);

        // Accepted again (the provider re-enabled the key): verify makes it usable again.
        service.Upstream.Reject(key, rejectIt: false);
        Assert.Equal("active", (await VerifyAsync(api, id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"credentials/{id}/proxy/v1/items")).StatusCode);
    }

    [Fact]
    public async Task VerifyingACredentialWhoseConnectorHasNoVerificationRequestIs400AndChangesNothing()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "no-verification" });

        // A connector without a verification request cannot be verified.
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync($"credentials/{id}/verify", null)).StatusCode);
        Assert.Equal("active", (await api.GetFromJsonAsync<JsonElement>($"credentials/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task DeletingAnOAuthCredentialRevokesItsRefreshTokenWithClientAuthentication()
    {
        var (api, userId) = await service.TenantAsync();
        var refreshToken = "rt-" + Guid.NewGuid().ToString("N");
        var id = await ImportAsync(api, userId, ProxyServiceFixture.OAuthConnector, refreshToken);

        var response = await api.DeleteAsync($"credentials/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("revoked", response.Headers.GetValues("Credential-Revocation").Single());
        var seen = Assert.Single(service.Upstream.Requests, r => r.RawTarget == "/revoke" && Encoding.UTF8.GetString(r.Body).Contains(refreshToken, StringComparison.Ordinal));
        Assert.Equal($"token={refreshToken}&token_type_hint=refresh_token", Encoding.UTF8.GetString(seen.Body));
        var authorization = AuthenticationHeaderValue.Parse(seen.Header("Authorization")!);
        Assert.Equal($"{ProxyServiceFixture.ClientId}:{ProxyServiceFixture.ClientSecret}", Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Parameter!)));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"credentials/{id}")).StatusCode);
    }

    [Fact]
    public async Task ARevocationTheProviderRefusesDoesNotStopTheDelete()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ImportAsync(api, userId, ProxyServiceFixture.OAuthRevocationFailsConnector, "rt-" + Guid.NewGuid().ToString("N"));

        var response = await api.DeleteAsync($"credentials/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("failed", response.Headers.GetValues("Credential-Revocation").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"credentials/{id}")).StatusCode);
    }

    [Fact]
    public async Task DeletingAnApiKeyCredentialSaysRevocationIsNotSupported()
    {
        var (api, userId) = await service.TenantAsync();
        var id = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "to-delete" });

        var response = await api.DeleteAsync($"credentials/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("not_supported", response.Headers.GetValues("Credential-Revocation").Single());
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient api, string id)
    {
        var response = await api.PostAsync($"credentials/{id}/verify", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> ImportAsync(HttpClient api, string userId, string connectorId, string refreshToken)
    {
        var response = await api.PostAsJsonAsync("credentials", new { userId, connectorId, authenticationType = "oauth2", data = new { accessToken = "at-" + Guid.NewGuid().ToString("N"), refreshToken } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString()!;
    }

    private static async Task<int> CountAsync(HttpClient api, string userId)
        => (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength();
}
