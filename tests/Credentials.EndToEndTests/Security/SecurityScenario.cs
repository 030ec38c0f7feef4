using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.TestSupport.Service;
using Microsoft.AspNetCore.WebUtilities;

namespace Credentials.EndToEndTests.Security;

/// <summary>What the security cases do again and again: a tenant with a user, credentials, flows, problems, the audit trail.</summary>
public static class SecurityScenario
{
    /// <summary>The redirect URI every flow of these cases returns to.</summary>
    public const string Landing = "https://app.example.com/connected";

    /// <summary>A new tenant: its id, a client presenting its key, and one user.</summary>
    public static async Task<(string TenantId, string Key, HttpClient Api, string UserId)> TenantAsync(ServiceFixture service, string name)
    {
        ArgumentNullException.ThrowIfNull(service);
        var (tenantId, key) = await service.CreateTenantAsync(name);
        var api = service.WithKey(key);
        return (tenantId, key, api, await ServiceFixture.CreateUserAsync(api, "user-" + Guid.NewGuid().ToString("N")[..8]));
    }

    /// <summary>Creates a credential from a body and returns its id, asserting 201.</summary>
    public static async Task<string> CreateAsync(HttpClient api, object body)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.PostAsJsonAsync("credentials", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString()!;
    }

    /// <summary>Imports OAuth tokens for <paramref name="connectorId"/> (no provider call) and returns the credential id.</summary>
    public static Task<string> ImportOAuthAsync(HttpClient api, string userId, string connectorId, string accessToken = "imported-access-token")
        => CreateAsync(api, new
        {
            userId,
            connectorId,
            authenticationType = "oauth2",
            data = new { accessToken, refreshToken = "rt-" + Guid.NewGuid().ToString("N"), expiresAt = DateTimeOffset.UtcNow.AddHours(1) },
        });

    /// <summary>Allows <see cref="Landing"/> and starts a flow; the authorization URL.</summary>
    public static async Task<string> StartFlowAsync(HttpClient api, string userId, string connectorId)
    {
        ArgumentNullException.ThrowIfNull(api);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { Landing } })).StatusCode);
        var response = await api.PostAsJsonAsync("credentials", new { userId, connectorId, authenticationType = "oauth2", redirectUri = Landing });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oauthUrl").GetString()!;
    }

    /// <summary>The <c>state</c> parameter of an authorization URL.</summary>
    public static string StateOf(string oauthUrl) => QueryHelpers.ParseQuery(new Uri(oauthUrl).Query)["state"].ToString();

    /// <summary>Calls the OAuth callback as a browser would, without following the redirect.</summary>
    public static async Task<HttpResponseMessage> CallbackAsync(ServiceFixture service, string connectorId, string query)
    {
        ArgumentNullException.ThrowIfNull(service);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(service.BaseAddress, "api/") };
        return await browser.GetAsync($"oauth/callback/{connectorId}?{query}");
    }

    /// <summary>The problem body of a failed answer.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Asserts a 429 naming <paramref name="limit"/> with a Retry-After of at least a second.</summary>
    public static async Task AssertRateLimitedAsync(HttpResponseMessage response, string limit)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"expected 429, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await ProblemAsync(response);
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
        Assert.Equal(limit, problem.GetProperty("limit").GetString());
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
    }

    /// <summary>Asserts a 409 quota_exceeded naming <paramref name="quota"/> and its limit.</summary>
    public static async Task AssertQuotaExceededAsync(HttpResponseMessage response, string quota, int limit)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"expected 409, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var problem = await ProblemAsync(response);
        Assert.Equal("quota_exceeded", problem.GetProperty("code").GetString());
        Assert.Equal(quota, problem.GetProperty("quota").GetString());
        Assert.Equal(limit, problem.GetProperty("limit").GetInt32());
    }

    /// <summary>Sets a tenant's limits through the platform route (fields left out keep the deployment's defaults).</summary>
    public static async Task SetLimitsAsync(ServiceFixture service, string tenantId, object limits)
    {
        ArgumentNullException.ThrowIfNull(service);
        using var admin = service.Admin();
        var response = await admin.PutAsJsonAsync($"platform/tenants/{tenantId}/limits", limits);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The tenant's audit entries for <paramref name="query"/> once one satisfies <paramref name="until"/>: the trail is written
    /// behind (about a second), so this polls for up to 15 seconds.
    /// </summary>
    public static async Task<IReadOnlyList<JsonElement>> AuditAsync(HttpClient api, string query, Func<JsonElement, bool> until)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(until);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (true)
        {
            var entries = await AuditNowAsync(api, query);
            if (entries.Any(until) || DateTimeOffset.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The tenant's audit entries for <paramref name="query"/> as they stand (one page).</summary>
    public static async Task<IReadOnlyList<JsonElement>> AuditNowAsync(HttpClient api, string query)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.GetAsync("audit" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET audit{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries").EnumerateArray().ToList();
    }
}
