using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.Core.Credentials;
using Credentials.Core.Secrets;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.EndToEndTests.OAuth;

/// <summary>What the OAuth tests do again and again: a tenant with an allowed redirect, a user, following redirects, reading stored tokens.</summary>
public sealed class OAuthTestClient(OAuthServiceFixture service, HttpClient api, string userId)
{
    public HttpClient Api => api;

    public string UserId => userId;

    public static async Task<OAuthTestClient> CreateAsync(OAuthServiceFixture service, bool withAuthConfig = true)
    {
        ArgumentNullException.ThrowIfNull(service);
        var (_, key) = await service.CreateTenantAsync("OAuth tenant");
        var api = service.WithKey(key);
        var settings = await api.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { service.Landing.AbsoluteUri } });
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        if (withAuthConfig)
        {
            var config = await api.PutAsJsonAsync($"connectors/{OAuthServiceFixture.BasicConnector}/auth-config", new { clientId = "basic-client", clientSecret = OAuthServiceFixture.BasicSecret });
            Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        }

        return new OAuthTestClient(service, api, await Credentials.TestSupport.Service.ServiceFixture.CreateUserAsync(api, "oauth-user"));
    }

    /// <summary>Starts a flow and returns the authorization URL.</summary>
    public async Task<string> StartAsync(string connectorId, string? redirectUri = null)
    {
        var response = await api.PostAsJsonAsync("credentials", new { userId, connectorId, authenticationType = "oauth2", redirectUri = redirectUri ?? service.Landing.AbsoluteUri + "?from=test" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        return body.GetProperty("oauthUrl").GetString()!;
    }

    /// <summary>Follows every redirect like a browser and returns the final URL's query.</summary>
    public static async Task<(Uri Final, Dictionary<string, string> Query)> FollowAsync(string url)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 10 });
        var response = await browser.GetAsync(url);
        var final = response.RequestMessage!.RequestUri!;
        return (final, QueryHelpers.ParseQuery(final.Query).ToDictionary(p => p.Key, p => p.Value.ToString()));
    }

    /// <summary>Follows redirects one by one until the service's callback URL and returns it (without calling it).</summary>
    public static async Task<Uri> CallbackUrlAsync(string oauthUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var next = new Uri(oauthUrl);
        for (var hop = 0; hop < 10; hop++)
        {
            if (next.AbsolutePath.Contains("/api/oauth/callback/", StringComparison.Ordinal))
            {
                return next;
            }

            var response = await browser.GetAsync(next);
            next = new Uri(next, response.Headers.Location ?? throw new InvalidOperationException($"No redirect from {next}: {(int)response.StatusCode}"));
        }

        throw new InvalidOperationException("The flow never reached the callback.");
    }

    /// <summary>The tokens and generation stored for a credential (read internally, never through the API).</summary>
    public async Task<(OAuthTokens Tokens, int Generation)> StoredAsync(string credentialId)
    {
        var stored = await service.App.Services.GetRequiredService<CredentialStore>().GetAsync(credentialId);
        var bundle = await service.App.Services.GetRequiredService<CredentialBundles>().ReadAsync(stored!.Value.Credential);
        return (bundle!.Tokens!, bundle.Generation);
    }
}
