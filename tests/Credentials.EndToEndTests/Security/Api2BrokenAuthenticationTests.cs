using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.Core.Tenancy;

namespace Credentials.EndToEndTests.Security;

[Collection(LimitsCollection.Name)]
[OwaspRisk("API2:2023", "Broken Authentication")]
public class Api2BrokenAuthenticationTests(LimitsServiceFixture service)
{
    [Fact]
    [SecurityCase("After 3 failed authentications from one client address (the last X-Forwarded-For entry) that address gets 429 failed-authentication with Retry-After, even with a valid key; another address still gets 401")]
    public async Task RepeatedFailuresFromOneAddressAreRefusedBeforeAuthenticating()
    {
        var (_, validKey) = await service.CreateTenantAsync("Brute force target");
        var attacker = NewAddress();
        var bystander = NewAddress();

        for (var i = 0; i < LimitsServiceFixture.FailedAuthenticationsPerAddress; i++)
        {
            // A client may add entries of its own in front; the last one is the platform's.
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(ApiKeyFormat.Generate().Key, $"203.0.113.250, {attacker}")).StatusCode);
        }

        await SecurityScenario.AssertRateLimitedAsync(await SendAsync(ApiKeyFormat.Generate().Key, attacker), "failed-authentication");
        await SecurityScenario.AssertRateLimitedAsync(await SendAsync(validKey, attacker), "failed-authentication");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(ApiKeyFormat.Generate().Key, $"{attacker}, {bystander}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(validKey, bystander)).StatusCode);
    }

    [Fact]
    [SecurityCase("Each failed authentication is logged as a security event naming the client address and the key id, never the presented key")]
    public async Task FailedAuthenticationsAreSecurityEventsWithoutTheKey()
    {
        var address = NewAddress();
        var (keyId, key) = ApiKeyFormat.Generate();

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(key, address)).StatusCode);

        var lines = service.Logs.Lines;
        Assert.Contains(lines, line => line.Contains(address, StringComparison.Ordinal) && line.Contains(keyId, StringComparison.Ordinal) && line.Contains("authentication failed", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(service.AllTelemetryText(), line => line.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    [SecurityCase("Missing, malformed, unknown, revoked and tampered keys all answer the same 401 problem with WWW-Authenticate: Bearer")]
    public async Task EveryKindOfBadKeyAnswersTheSame401()
    {
        var (tenantId, apiKey) = await service.CreateTenantAsync("Bad keys");
        using var admin = service.Admin();
        var issued = await (await admin.PostAsJsonAsync($"platform/tenants/{tenantId}/api-keys", new { name = "revoked" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"platform/tenants/{tenantId}/api-keys/{issued.GetProperty("keyId").GetString()}")).StatusCode);

        string? first = null;
        foreach (var key in new string?[] { null, "not-a-key", ApiKeyFormat.Generate().Key, issued.GetProperty("apiKey").GetString(), apiKey[..^1] + (apiKey[^1] == 'a' ? 'b' : 'a') })
        {
            // One address per attempt: this case is about the answer, not the address limit.
            var response = await SendAsync(key, NewAddress());
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            var body = await response.Content.ReadAsStringAsync();
            first ??= body;
            Assert.Equal(first, body);
        }
    }

    private static int addresses = Random.Shared.Next(0, 1000);

    // A documentation address no other case of this run uses.
    private static string NewAddress()
    {
        var n = Interlocked.Increment(ref addresses);
        return $"198.51.{100 + (n / 250 % 100)}.{(n % 250) + 1}";
    }

    private async Task<HttpResponseMessage> SendAsync(string? key, string forwardedFor)
    {
        using var client = service.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "settings");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}
