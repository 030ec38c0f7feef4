using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests.Security;

[Collection(ServiceCollection.Name)]
[OwaspRisk("API1:2023", "Broken Object Level Authorization")]
public class Api1BrokenObjectLevelAuthorizationTests(ServiceFixture service)
{
    [Fact]
    [SecurityCase("Another tenant's credential id answers 404 to read, token, refresh, verify, reauthorize, proxy and delete, and the owner's credential is untouched")]
    public async Task AnotherTenantsCredentialIsNotFoundOnEveryCredentialRoute()
    {
        var owner = await SecurityScenario.TenantAsync(service, "BOLA owner");
        var intruder = await SecurityScenario.TenantAsync(service, "BOLA intruder");
        var credentialId = await SecurityScenario.CreateAsync(owner.Api, new { userId = owner.UserId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "owner-secret" } });

        foreach (var (method, route) in new[]
        {
            ("GET", $"credentials/{credentialId}"), ("GET", $"credentials/{credentialId}/token"), ("POST", $"credentials/{credentialId}/refresh"),
            ("POST", $"credentials/{credentialId}/verify"), ("POST", $"credentials/{credentialId}/reauthorize"), ("GET", $"credentials/{credentialId}/proxy/api/v2/tickets"),
            ("DELETE", $"credentials/{credentialId}"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), route) { Content = new StringContent("""{"redirectUri":"https://app.example.com/x"}""", Encoding.UTF8, "application/json") };
            var response = await intruder.Api.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {route} answered {(int)response.StatusCode}");
        }

        Assert.Equal("active", (await owner.Api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}")).GetProperty("status").GetString());
    }

    [Fact]
    [SecurityCase("Another tenant's user id answers 404 to read, list and delete, and to a credential create that names it")]
    public async Task AnotherTenantsUserIsNotFoundOnEveryUserRoute()
    {
        var owner = await SecurityScenario.TenantAsync(service, "BOLA user owner");
        var intruder = await SecurityScenario.TenantAsync(service, "BOLA user intruder");

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Api.GetAsync($"users/{owner.UserId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Api.GetAsync($"users/{owner.UserId}/credentials")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Api.DeleteAsync($"users/{owner.UserId}")).StatusCode);
        var create = await intruder.Api.PostAsJsonAsync("credentials", new { userId = owner.UserId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "k" } });
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await owner.Api.GetAsync($"users/{owner.UserId}")).StatusCode);
        Assert.Equal(0, (await owner.Api.GetFromJsonAsync<JsonElement>($"users/{owner.UserId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    [SecurityCase("The audit trail shows a tenant only its own entries, also when it filters by another tenant's credential or user id")]
    public async Task TheAuditTrailShowsOnlyTheCallersOwnEntries()
    {
        var owner = await SecurityScenario.TenantAsync(service, "BOLA audit owner");
        var intruder = await SecurityScenario.TenantAsync(service, "BOLA audit intruder");
        var credentialId = await SecurityScenario.CreateAsync(owner.Api, new { userId = owner.UserId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "owner-secret" } });
        var ownEntries = await SecurityScenario.AuditAsync(owner.Api, $"?credentialId={credentialId}", e => e.GetProperty("act").GetString() == "credential.create");
        Assert.Contains(ownEntries, e => e.GetProperty("act").GetString() == "credential.create");

        // The owner's entry is written, so any entry that leaked would be too.
        Assert.Empty(await SecurityScenario.AuditNowAsync(intruder.Api, $"?credentialId={credentialId}"));
        Assert.Empty(await SecurityScenario.AuditNowAsync(intruder.Api, $"?userId={owner.UserId}"));
        var all = await SecurityScenario.AuditNowAsync(intruder.Api, string.Empty);
        Assert.DoesNotContain(all, e => e.ToString().Contains(credentialId, StringComparison.Ordinal) || e.ToString().Contains(owner.UserId, StringComparison.Ordinal));
    }
}
