using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Credentials.Benchmarks.Support.Http;

/// <summary>Creates what the HTTP load needs through the service's own API: a tenant and its key, an end user, imported OAuth credentials.</summary>
public sealed class ServiceSetup : IDisposable
{
    private readonly HttpClient client;

    /// <param name="baseAddress">The service root (routes are under <c>api/</c>).</param>
    /// <param name="bearer">The platform admin key, or a tenant's API key.</param>
    public ServiceSetup(Uri baseAddress, string bearer)
    {
        client = new HttpClient { BaseAddress = new Uri(baseAddress, "api/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    }

    /// <summary>As the platform admin: a new tenant; its id and first API key.</summary>
    public async Task<(string TenantId, string ApiKey)> CreateTenantAsync(string name)
    {
        var created = await PostAsync("platform/tenants", new Dictionary<string, object> { ["name"] = name }).ConfigureAwait(false);
        return (Text(created, "tenantId"), Text(created, "apiKey"));
    }

    /// <summary>As a tenant: a new end user; its id.</summary>
    public async Task<string> CreateUserAsync(string username)
        => Text(await PostAsync("users", new Dictionary<string, object> { ["username"] = username }).ConfigureAwait(false), "userId");

    /// <summary>
    /// As a tenant: imports an OAuth 2.0 credential of <paramref name="connectorId"/> with an access token valid for an hour (so a
    /// token read never refreshes) and a refresh token the provider has not seen; its id.
    /// </summary>
    public async Task<string> ImportOAuthCredentialAsync(string userId, string connectorId)
    {
        var body = new Dictionary<string, object>
        {
            ["userId"] = userId,
            ["connectorId"] = connectorId,
            ["authenticationType"] = "oauth2",
            ["name"] = "HTTP load",
            ["data"] = new Dictionary<string, object>
            {
                ["accessToken"] = "imported-at-" + Guid.NewGuid().ToString("N"),
                ["refreshToken"] = "imported-rt-" + Guid.NewGuid().ToString("N"),
                ["expiresAt"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture),
            },
        };
        return Text(await PostAsync("credentials", body).ConfigureAwait(false), "credentialId");
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();

    private static string Text(JsonElement body, string property)
        => body.TryGetProperty(property, out var value) && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"The answer has no '{property}'.");

    private async Task<JsonElement> PostAsync(string route, Dictionary<string, object> body)
    {
        using var response = await client.PostAsJsonAsync(new Uri(route, UriKind.Relative), body).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // Problem details name what was wrong and never hold a secret.
            throw new InvalidOperationException($"POST {route} answered {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
