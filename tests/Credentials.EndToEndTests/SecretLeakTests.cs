using System.Net;
using System.Net.Http.Json;
using System.Text;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests;

[Collection(ServiceCollection.Name)]
public class SecretLeakTests(ServiceFixture service)
{
    [Fact]
    public async Task CanarySecretsNeverReachResponsesLogsOrTelemetry()
    {
        var canaries = new[] { "CANARY-apikey-7f3a9c", "CANARY-second-51b2e0", "CANARY-badreq-a1b2c3" };
        var (tenantId, apiKey) = await service.CreateTenantAsync("Canary");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "canary");
        var responses = new StringBuilder();

        async Task Record(HttpResponseMessage response) => responses.AppendLine(await response.Content.ReadAsStringAsync());

        var created = await client.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = canaries[0] } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Record(created);
        var credentialId = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("credentialId").GetString();

        await Record(await client.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = canaries[1] } }));
        // Failing requests carrying secrets: invalid domain, unknown field, malformed JSON around a secret, oversized, wrong key.
        await Record(await client.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "bad domain", apiKey = canaries[2] } }));
        await Record(await client.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = canaries[2], extra = canaries[2] } }));
        await Record(await client.PostAsync("credentials", new StringContent("{\"data\":{\"apiKey\":" + canaries[2] + "}}", Encoding.UTF8, "application/json")));
        await Record(await client.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = canaries[2] + new string('x', 70 * 1024) } }));
        using (var wrong = service.WithKey(apiKey + "x"))
        {
            await Record(await wrong.GetAsync($"credentials/{credentialId}"));
        }

        await Record(await client.GetAsync($"credentials/{credentialId}"));
        await Record(await client.GetAsync($"users/{userId}/credentials"));
        await Record(await client.DeleteAsync($"credentials/{credentialId}"));
        await Record(await client.DeleteAsync($"users/{userId}"));
        using (var admin = service.Admin())
        {
            await Record(await admin.GetAsync($"platform/tenants/{tenantId}/api-keys"));
        }

        var telemetry = service.AllTelemetryText();
        Assert.True(service.ExportedItemCount > 10, $"only {service.ExportedItemCount} telemetry items were exported; the search would prove nothing");
        Assert.Contains(telemetry, line => line.Contains("credentials", StringComparison.OrdinalIgnoreCase));
        foreach (var canary in canaries)
        {
            Assert.DoesNotContain(canary, responses.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(telemetry, line => line.Contains(canary, StringComparison.Ordinal));
        }

        // The tenant's API key is a secret too.
        Assert.DoesNotContain(telemetry, line => line.Contains(apiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(telemetry, line => line.Contains(ServiceFixture.AdminKey, StringComparison.Ordinal));
    }
}
