using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.EndToEndTests.Security;

namespace Credentials.EndToEndTests.Proxy;

/// <summary>What the API records in a tenant's audit trail, read back through <c>GET /audit</c>.</summary>
[Collection(ProxyCollection.Name)]
public class AuditTrailTests(ProxyServiceFixture service)
{
    [Fact]
    public async Task EachUseOfASecretIsRecordedWithoutTheSecretNewestFirst()
    {
        var (api, userId) = await service.TenantAsync();
        const string apiKey = "CANARY-audit-proxy-31c9";
        var credentialId = await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.QueryConnector, "apiKey", new { apiKey });
        var oauthId = await SecurityScenario.ImportOAuthAsync(api, userId, ProxyServiceFixture.OAuthConnector);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"credentials/{credentialId}/proxy/items/42?secret=query-value")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"credentials/{oauthId}/token")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"credentials/{oauthId}/refresh", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"credentials/{credentialId}")).StatusCode);

        var entries = await SecurityScenario.AuditAsync(api, $"?userId={userId}", e => e.GetProperty("act").GetString() == "credential.delete");
        var acts = entries.Select(e => e.GetProperty("act").GetString()).ToList();
        Assert.Equal(["credential.delete", "credential.refresh", "token.read", "proxy.call", "credential.create", "credential.create", "user.create"], acts);
        var proxied = entries.Single(e => e.GetProperty("act").GetString() == "proxy.call");
        Assert.Equal("GET", proxied.GetProperty("method").GetString());
        Assert.Equal("127.0.0.1", proxied.GetProperty("host").GetString());
        Assert.Equal("/items/42", proxied.GetProperty("path").GetString());
        Assert.Equal(200, proxied.GetProperty("status").GetInt32());
        Assert.Equal("not_supported", entries.Single(e => e.GetProperty("act").GetString() == "credential.delete").GetProperty("outcome").GetString());
        var text = string.Join("\n", entries.Select(e => e.GetRawText()));
        Assert.DoesNotContain(apiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("query-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream-at-", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTrailIsPagedAndFilteredByTime()
    {
        var (api, userId) = await service.TenantAsync();
        var before = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await ProxyServiceFixture.CreateCredentialAsync(api, userId, ProxyServiceFixture.HeaderConnector, "apiKey", new { apiKey = "k" + i });
        }

        await WaitForCreatesAsync(api, userId, 5);
        var first = await api.GetFromJsonAsync<JsonElement>($"audit?userId={userId}&limit=2");
        var second = await api.GetFromJsonAsync<JsonElement>($"audit?userId={userId}&limit=2&continuationToken={Uri.EscapeDataString(first.GetProperty("continuationToken").GetString()!)}");
        var late = await api.GetFromJsonAsync<JsonElement>($"audit?userId={userId}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}");
        var bad = await api.GetAsync("audit?from=yesterday");

        var ids = first.GetProperty("entries").EnumerateArray().Concat(second.GetProperty("entries").EnumerateArray()).Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(4, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(first.GetProperty("entries").EnumerateArray(), e => Assert.True(e.GetProperty("at").GetDateTimeOffset() >= before.AddSeconds(-5)));
        Assert.Equal(0, late.GetProperty("entries").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static bool CountCreates(JsonElement entry) => entry.GetProperty("act").GetString() == "credential.create";

    private static async Task WaitForCreatesAsync(HttpClient api, string userId, int count)
    {
        for (var attempt = 0; attempt < 75; attempt++)
        {
            var entries = await SecurityScenario.AuditNowAsync(api, $"?userId={userId}");
            if (entries.Count(CountCreates) >= count)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"fewer than {count} creates were audited");
    }
}
