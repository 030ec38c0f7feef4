using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.TestOAuthServer;
using Duende.IdentityModel.Client;

namespace Credentials.EndToEndTests.OAuth;

/// <summary>Using OAuth credentials against the OpenIddict server: the proxy's 401 retry, revocation on delete, the browser flow.</summary>
[Collection(OAuthCollection.Name)]
public class OAuthUsageTests(OAuthServiceFixture service)
{
    [Fact]
    public async Task ProxyRefreshesOnceAndRetriesWhenTheProviderRefusesTheAccessToken()
    {
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var (_, landed) = await OAuthTestClient.FollowAsync(await tenant.StartAsync(OAuthServiceFixture.ShortConnector));
        var (real, _) = await tenant.StoredAsync(landed["credentialId"]);

        // A credential whose access token the provider will refuse, but whose refresh token is good.
        var imported = await tenant.Api.PostAsJsonAsync("credentials", new
        {
            userId = tenant.UserId,
            connectorId = OAuthServiceFixture.ShortConnector,
            authenticationType = "oauth2",
            data = new { accessToken = "refused-by-the-provider", refreshToken = real.RefreshToken, expiresAt = service.Clock.GetUtcNow().AddHours(1) },
        });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var credentialId = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString()!;
        var refreshes = service.ShortLivedProvider.TokenRequestCountFor("refresh_token");

        var response = await tenant.Api.GetAsync($"credentials/{credentialId}/proxy/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bob", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sub").GetString());
        Assert.Equal(credentialId, response.Headers.GetValues("X-Credential-Id").Single());
        Assert.Equal(refreshes + 1, service.ShortLivedProvider.TokenRequestCountFor("refresh_token"));
        var (after, generation) = await tenant.StoredAsync(credentialId);
        Assert.NotEqual("refused-by-the-provider", after.AccessToken);
        Assert.Equal(2, generation);
    }

    [Fact]
    public async Task DeletingAnOAuthCredentialRevokesItsRefreshTokenAtTheProvider()
    {
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var (_, landed) = await OAuthTestClient.FollowAsync(await tenant.StartAsync(OAuthServiceFixture.ShortConnector));
        var credentialId = landed["credentialId"];
        var (tokens, _) = await tenant.StoredAsync(credentialId);
        var revocations = service.ShortLivedProvider.RevocationCount;

        var deleted = await tenant.Api.DeleteAsync($"credentials/{credentialId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("revoked", deleted.Headers.GetValues("Credential-Revocation").Single());
        Assert.Equal(revocations + 1, service.ShortLivedProvider.RevocationCount);
        Assert.Contains(tokens.RefreshToken!, service.ShortLivedProvider.RevokedTokens);
        using var http = new HttpClient();
        var refresh = await http.RequestRefreshTokenAsync(new RefreshTokenRequest { Address = service.ShortLivedProvider.TokenEndpoint.AbsoluteUri, ClientId = "short-client", ClientSecret = OAuthServiceFixture.ShortSecret, ClientCredentialStyle = ClientCredentialStyle.PostBody, RefreshToken = tokens.RefreshToken! });
        Assert.True(refresh.IsError);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Api.GetAsync($"credentials/{credentialId}")).StatusCode);
    }

    [Fact]
    public async Task AnEndUserConnectsInARealBrowserAndTheTenantPageReceivesTheCredentialId()
    {
        var (_, key) = await service.CreateTenantAsync("Browser");
        using var api = service.WithKey(key);
        await api.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { service.Landing.AbsoluteUri } });
        await api.PutAsJsonAsync($"connectors/{OAuthServiceFixture.BrowserConnector}/auth-config", new { clientId = "browser-client", clientSecret = OAuthServiceFixture.BrowserSecret });
        var userId = await Credentials.TestSupport.Service.ServiceFixture.CreateUserAsync(api, "browser-user");
        var start = await api.PostAsJsonAsync("credentials", new { userId, connectorId = OAuthServiceFixture.BrowserConnector, authenticationType = "oauth2", redirectUri = service.Landing.AbsoluteUri + "?app=demo" });
        var oauthUrl = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oauthUrl").GetString()!;

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(oauthUrl);
        await page.FillAsync("#username", "alice");
        await page.FillAsync("#password", "wonderland");
        await page.ClickAsync("#login");
        await page.ClickAsync("#allow");
        await page.WaitForURLAsync(url => url.StartsWith(service.Landing.AbsoluteUri, StringComparison.Ordinal) && url.Contains("credentialId=", StringComparison.Ordinal));

        var landed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(page.Url).Query);
        Assert.Equal("demo", landed["app"]);
        var credential = await api.GetFromJsonAsync<JsonElement>($"credentials/{landed["credentialId"]}");
        Assert.Equal("active", credential.GetProperty("status").GetString());
        Assert.Equal(OAuthServiceFixture.BrowserConnector, credential.GetProperty("connectorId").GetString());
    }
}
