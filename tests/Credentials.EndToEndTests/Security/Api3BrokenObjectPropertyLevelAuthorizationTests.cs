using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests.Security;

[Collection(ServiceCollection.Name)]
[OwaspRisk("API3:2023", "Broken Object Property Level Authorization")]
public class Api3BrokenObjectPropertyLevelAuthorizationTests(ServiceFixture service)
{
    [Fact]
    [SecurityCase("Secret fields never come back: not in the credential, its list, its create answer, the auth config view or the key list")]
    public async Task SecretPropertiesAreNeverReturned()
    {
        const string secret = "CANARY-property-9d41";
        var (tenantId, _, api, userId) = await SecurityScenario.TenantAsync(service, "Properties");
        var created = await api.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = secret } });
        var credentialId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("connectors/hubspot/auth-config", new { clientId = "client", clientSecret = secret })).StatusCode);
        using var admin = service.Admin();

        var shown = new StringBuilder(await created.Content.ReadAsStringAsync())
            .Append(await api.GetStringAsync($"credentials/{credentialId}"))
            .Append(await api.GetStringAsync($"users/{userId}/credentials"))
            .Append(await api.GetStringAsync("connectors/hubspot/auth-config"))
            .Append(await admin.GetStringAsync($"platform/tenants/{tenantId}/api-keys"));

        Assert.DoesNotContain(secret, shown.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cred_live_", shown.ToString(), StringComparison.Ordinal);
        Assert.Contains("acme", shown.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    [SecurityCase("Properties a client may not set (status, tenantId, a user's tenant or role) are refused with 400 and nothing is stored")]
    public async Task PropertiesAClientMayNotSetAreRefused()
    {
        var (_, _, api, userId) = await SecurityScenario.TenantAsync(service, "Mass assignment");

        var credential = await api.PostAsync("credentials", new StringContent(
            $$$"""{"userId":"{{{userId}}}","connectorId":"freshdesk","authenticationType":"apiKey","status":"active","tenantId":"ten-aaaaaaaaaaaaaaaaaaaaaaaaaa","data":{"domain":"acme","apiKey":"k"}}""",
            Encoding.UTF8,
            "application/json"));
        var user = await api.PostAsync("users", new StringContent("""{"username":"second","tenantId":"ten-aaaaaaaaaaaaaaaaaaaaaaaaaa","role":"admin"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, credential.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, user.StatusCode);
        var userProblem = await SecurityScenario.ProblemAsync(user);
        Assert.True(userProblem.GetProperty("errors").TryGetProperty("tenantId", out _), userProblem.ToString());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    [SecurityCase("The audit entry of a token read names the key and the credential, never the token")]
    public async Task TheAuditOfATokenReadHoldsNoToken()
    {
        const string accessToken = "CANARY-audited-token-7e3f";
        var (_, key, api, userId) = await SecurityScenario.TenantAsync(service, "Audited token");
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("connectors/hubspot/auth-config", new { clientId = "client", clientSecret = "secret" })).StatusCode);

        var credentialId = await SecurityScenario.ImportOAuthAsync(api, userId, "hubspot", accessToken);
        Assert.Equal(accessToken, (await api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}/token")).GetProperty("accessToken").GetString());

        var entries = await SecurityScenario.AuditAsync(api, $"?credentialId={credentialId}", e => e.GetProperty("act").GetString() == "token.read");
        var read = Assert.Single(entries, e => e.GetProperty("act").GetString() == "token.read");
        Assert.Equal("key:" + key.Split('_')[2], read.GetProperty("actor").GetString());
        Assert.Equal(userId, read.GetProperty("userId").GetString());
        Assert.DoesNotContain(accessToken, string.Join("\n", entries.Select(e => e.GetRawText())), StringComparison.Ordinal);
    }
}
