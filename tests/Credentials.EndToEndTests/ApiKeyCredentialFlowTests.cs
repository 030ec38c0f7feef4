using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests;

[Collection(ServiceCollection.Name)]
public class ApiKeyCredentialFlowTests(ServiceFixture service)
{
    [Fact]
    public async Task TenantUserMetadataCreateGetListDeleteWorksEndToEnd()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Flow Inc");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "flow.user@example.com");

        var connectors = await client.GetFromJsonAsync<JsonElement>("connectors");
        Assert.Contains(connectors.GetProperty("connectors").EnumerateArray(), c => c.GetProperty("id").GetString() == "freshdesk");

        var metadata = await client.GetFromJsonAsync<JsonElement>("connectors/freshdesk/credentials/metadata");
        var apiKeyType = metadata.GetProperty("metadata").EnumerateArray().Single(m => m.GetProperty("authenticationType").GetString() == "apiKey");
        Assert.False(apiKeyType.GetProperty("authConfigRequired").GetBoolean());
        Assert.True(apiKeyType.GetProperty("inputSchema").GetProperty("properties").GetProperty("data").GetProperty("properties").GetProperty("apiKey").GetProperty("writeOnly").GetBoolean());

        var create = await client.PostAsJsonAsync("credentials", new
        {
            userId,
            connectorId = "freshdesk",
            authenticationType = "apiKey",
            name = "Support desk",
            data = new { domain = "acme", apiKey = "fd-secret-value-123" },
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var created = await create.Content.ReadFromJsonAsync<JsonElement>();
        var credentialId = created.GetProperty("credentialId").GetString()!;
        Assert.Equal($"/api/credentials/{credentialId}", create.Headers.Location?.OriginalString);
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal("acme", created.GetProperty("metadata").GetProperty("domain").GetString());
        Assert.DoesNotContain("fd-secret-value-123", await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var fetched = await client.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}");
        Assert.Equal(userId, fetched.GetProperty("userId").GetString());
        Assert.Equal("Support desk", fetched.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, fetched.GetProperty("refreshError").ValueKind);

        var second = await client.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme-eu", apiKey = "fd-other" } });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        var list = await client.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials");
        Assert.Equal(2, list.GetProperty("credentials").GetArrayLength());
        Assert.DoesNotContain("fd-secret-value-123", list.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"credentials/{credentialId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"credentials/{credentialId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"credentials/{credentialId}")).StatusCode);
        var after = await client.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials");
        Assert.Equal(1, after.GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task ListingIsPagedWithAnOpaqueContinuationToken()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Pager");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "pager");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = $"d{i}", apiKey = $"k{i}" } });
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString()!);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"users/{userId}/credentials?limit=2" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await client.GetFromJsonAsync<JsonElement>(url);
            var items = page.GetProperty("credentials").EnumerateArray().Select(c => c.GetProperty("credentialId").GetString()!).ToList();
            Assert.True(items.Count <= 2);
            seen.AddRange(items);
            token = page.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task UsernameIsUniquePerTenantButNotAcrossTenants()
    {
        var (_, keyA) = await service.CreateTenantAsync("A");
        var (_, keyB) = await service.CreateTenantAsync("B");
        using var a = service.WithKey(keyA);
        using var b = service.WithKey(keyB);

        await ServiceFixture.CreateUserAsync(a, "same.name");
        var duplicate = await a.PostAsJsonAsync("users", new { username = "SAME.name" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("conflict", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await ServiceFixture.CreateUserAsync(b, "same.name");
    }

    [Fact]
    public async Task DeletingAUserDeletesTheirCredentialsAndFreesTheUsername()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Cascade");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "leaver");
        var create = await client.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "k" } });
        var credentialId = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"users/{userId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"users/{userId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"credentials/{credentialId}")).StatusCode);
        var secrets = service.App.Services.GetService(typeof(Credentials.Core.Secrets.ISecretStore)) as Credentials.Core.Secrets.ISecretStore;
        Assert.Null(await secrets!.GetAsync(new Credentials.Core.Secrets.SecretAddress("unused", credentialId, "freshdesk")));
        await ServiceFixture.CreateUserAsync(client, "leaver");
    }

    [Fact]
    public async Task SettingsAcceptHttpsAndRefuseBadUrisWithoutWriting()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Settings");
        using var client = service.WithKey(apiKey);

        var ok = await client.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { "https://app.example.com/done" }, webhookUrl = "https://hooks.example.com/c" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var bad = await client.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { "https://ok.example.com/x", "http://evil.example.com/cb", "https://a.example.com/#f" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("allowedRedirectUris[1]", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("allowedRedirectUris[2]", out _));

        var current = await client.GetFromJsonAsync<JsonElement>("settings");
        Assert.Equal(["https://app.example.com/done"], current.GetProperty("allowedRedirectUris").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("https://hooks.example.com/c", current.GetProperty("webhookUrl").GetString());
    }
}
