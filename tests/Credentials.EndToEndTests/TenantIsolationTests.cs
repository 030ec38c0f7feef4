using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Credentials.Core.Ids;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests;

[Collection(ServiceCollection.Name)]
public class TenantIsolationTests(ServiceFixture service)
{
    [Fact]
    public async Task AnotherTenantsIdsAnswerExactlyLikeUnknownIdsOnEveryRoute()
    {
        var (_, ownerKey) = await service.CreateTenantAsync("Owner");
        var (_, intruderKey) = await service.CreateTenantAsync("Intruder");
        using var owner = service.WithKey(ownerKey);
        using var intruder = service.WithKey(intruderKey);
        var userId = await ServiceFixture.CreateUserAsync(owner, "victim");
        var created = await owner.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "owner-secret" } });
        var credentialId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString()!;
        var unknownUser = ResourceIds.New(ResourceIds.User);
        var unknownCredential = ResourceIds.New(ResourceIds.Credential);

        var routes = RouteCatalog.HttpRoutes(p => "{" + p + "}")
            .Where(r => r.Route.Contains("{userId}", StringComparison.Ordinal) || r.Route.Contains("{credentialId}", StringComparison.Ordinal))
            .ToList();
        Assert.True(routes.Count >= 5, $"only {routes.Count} routes with ids");

        foreach (var (name, method, template) in routes)
        {
            var foreign = await SendAsync(intruder, name, method, template.Replace("{userId}", userId, StringComparison.Ordinal).Replace("{credentialId}", credentialId, StringComparison.Ordinal).Replace("{path}", "x", StringComparison.Ordinal));
            var unknown = await SendAsync(intruder, name, method, template.Replace("{userId}", unknownUser, StringComparison.Ordinal).Replace("{credentialId}", unknownCredential, StringComparison.Ordinal).Replace("{path}", "x", StringComparison.Ordinal));
            Assert.True(foreign.Status == HttpStatusCode.NotFound, $"{name} {method}: another tenant's id answered {(int)foreign.Status}");
            Assert.Equal(unknown.Status, foreign.Status);
            Assert.Equal(unknown.Body, foreign.Body);
        }

        // Credential create naming another tenant's user.
        var crossCreate = await intruder.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "k" } });
        Assert.Equal(HttpStatusCode.NotFound, crossCreate.StatusCode);

        // Nothing of the owner's changed.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"credentials/{credentialId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"users/{userId}")).StatusCode);
        Assert.Equal(1, (await owner.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string name, string method, string route)
    {
        // A body each route accepts, so the answer is about the id and not the body.
        var body = name == "UpdateUser" ? "{\"fullName\":\"Intruder\"}" : "{\"redirectUri\":\"https://x.example.com/\"}";
        using var request = new HttpRequestMessage(new HttpMethod(method), route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
