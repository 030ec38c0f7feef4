using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Credentials.EndToEndTests.OAuth;

[Collection(OAuthCollection.Name)]
public class OAuthFlowTests(OAuthServiceFixture service)
{
    [Fact]
    public async Task FullFlowWithClientSecretBasicCreatesAnActiveCredentialWithTokensAndMetadata()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var before = service.Provider.TokenRequestCountFor("authorization_code");
        var oauthUrl = await tenant.StartAsync(OAuthServiceFixture.BasicConnector);

        var authorize = new Uri(oauthUrl);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("read offline_access", query["scope"]);
        Assert.Equal(new Uri(service.BaseAddress, $"api/oauth/callback/{OAuthServiceFixture.BasicConnector}").AbsoluteUri, query["redirect_uri"]);
        Assert.True(query["state"].ToString().Length >= 43);

        var (final, landed) = await OAuthTestClient.FollowAsync(oauthUrl);

        Assert.Equal(service.Landing.AbsolutePath, final.AbsolutePath);
        Assert.Equal("test", landed["from"]);
        Assert.Equal(OAuthServiceFixture.BasicConnector, landed["connectorId"]);
        var credentialId = landed["credentialId"];
        var credential = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}");
        Assert.Equal("active", credential.GetProperty("status").GetString());
        Assert.Equal("oauth2", credential.GetProperty("authenticationType").GetString());
        Assert.Equal(OAuthServiceFixture.InstanceUrl, credential.GetProperty("metadata").GetProperty("instanceUrl").GetString());
        Assert.Equal(1, credential.GetProperty("authConfig").GetProperty("version").GetInt32());
        Assert.True(credential.GetProperty("expiresAt").GetDateTimeOffset() > service.Clock.GetUtcNow());
        Assert.Equal(before + 1, service.Provider.TokenRequestCountFor("authorization_code"));

        var (tokens, _) = await tenant.StoredAsync(credentialId);
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        using var api = new HttpClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(service.Provider.ApiEndpoint)).StatusCode);
    }

    [Fact]
    public async Task ClientSecretPostWithTheDeploymentsOAuthAppWorksToo()
    {
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var metadata = await tenant.Api.GetFromJsonAsync<JsonElement>($"connectors/{OAuthServiceFixture.PostConnector}/credentials/metadata");
        Assert.False(metadata.GetProperty("metadata")[0].GetProperty("authConfigRequired").GetBoolean());

        var (_, landed) = await OAuthTestClient.FollowAsync(await tenant.StartAsync(OAuthServiceFixture.PostConnector));

        var credential = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{landed["credentialId"]}");
        Assert.Equal("deployment", credential.GetProperty("authConfig").GetProperty("id").GetString());
        Assert.False(credential.GetProperty("metadata").TryGetProperty("instanceUrl", out _));
    }

    [Fact]
    public async Task MissingAuthConfigIs400AndTheMetadataSaysItIsRequired()
    {
        var tenant = await OAuthTestClient.CreateAsync(service, withAuthConfig: false);
        var metadata = await tenant.Api.GetFromJsonAsync<JsonElement>($"connectors/{OAuthServiceFixture.BasicConnector}/credentials/metadata");
        Assert.True(metadata.GetProperty("metadata")[0].GetProperty("authConfigRequired").GetBoolean());

        var response = await tenant.Api.PostAsJsonAsync("credentials", new { userId = tenant.UserId, connectorId = OAuthServiceFixture.BasicConnector, authenticationType = "oauth2", redirectUri = service.Landing.AbsoluteUri });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("auth_config_required", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("https://evil.example.com/cb")]
    [InlineData("http://127.0.0.1:1/client/landed")]
    public async Task RedirectUriOutsideTheAllowListIsRefusedAndNothingStarts(string redirectUri)
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var response = await tenant.Api.PostAsJsonAsync("credentials", new { userId = tenant.UserId, connectorId = OAuthServiceFixture.BasicConnector, authenticationType = "oauth2", redirectUri });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("redirectUri", out _));
    }

    [Fact]
    public async Task TokenEndpointFailureRedirectsWithProviderErrorAndCreatesNothing()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var oauthUrl = await tenant.StartAsync(OAuthServiceFixture.BasicConnector);
        service.Provider.FailNextTokenRequests(1, 503);

        var (_, landed) = await OAuthTestClient.FollowAsync(oauthUrl);

        Assert.Equal("provider_error", landed["error"]);
        Assert.False(landed.ContainsKey("credentialId"));
        Assert.Equal(0, (await tenant.Api.GetFromJsonAsync<JsonElement>($"users/{tenant.UserId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task ReplayedStateShowsAnErrorPageAndCreatesNothingMore()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var callback = await OAuthTestClient.CallbackUrlAsync(await tenant.StartAsync(OAuthServiceFixture.BasicConnector));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var first = await browser.GetAsync(callback);
        var replay = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("no-store", first.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", first.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("invalid or has expired", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await tenant.Api.GetFromJsonAsync<JsonElement>($"users/{tenant.UserId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task ExpiredStateIsRefused()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var callback = await OAuthTestClient.CallbackUrlAsync(await tenant.StartAsync(OAuthServiceFixture.BasicConnector));
        service.Clock.Advance(TimeSpan.FromMinutes(11));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await tenant.Api.GetFromJsonAsync<JsonElement>($"users/{tenant.UserId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task CallbackOnAnotherConnectorsPathIsRefused()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var callback = await OAuthTestClient.CallbackUrlAsync(await tenant.StartAsync(OAuthServiceFixture.BasicConnector));
        var mixedUp = new Uri(callback.AbsoluteUri.Replace(OAuthServiceFixture.BasicConnector, OAuthServiceFixture.PostConnector, StringComparison.Ordinal));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var response = await browser.GetAsync(mixedUp);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await tenant.Api.GetFromJsonAsync<JsonElement>($"users/{tenant.UserId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Theory]
    [InlineData("state=")]
    [InlineData("state=2026112913AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&code=x")]
    [InlineData("state=..%2F..&code=x")]
    [InlineData("code=x")]
    public async Task TamperedOrUnknownStateIsRefused(string query)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await browser.GetAsync(new Uri(service.BaseAddress, $"api/oauth/callback/{OAuthServiceFixture.BasicConnector}?{query}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UserWhoDeniesIsSentBackWithTheErrorAndNothingIsCreated()
    {
        var (_, key) = await service.CreateTenantAsync("Deny");
        using var api = service.WithKey(key);
        await api.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { service.Landing.AbsoluteUri } });
        await api.PutAsJsonAsync($"connectors/{OAuthServiceFixture.BrowserConnector}/auth-config", new { clientId = "browser-client", clientSecret = OAuthServiceFixture.BrowserSecret });
        var userId = await Credentials.TestSupport.Service.ServiceFixture.CreateUserAsync(api, "denier");
        var start = await api.PostAsJsonAsync("credentials", new { userId, connectorId = OAuthServiceFixture.BrowserConnector, authenticationType = "oauth2", redirectUri = service.Landing.AbsoluteUri });
        var oauthUrl = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oauthUrl").GetString()!;

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true, CookieContainer = new CookieContainer() });
        var loginPage = await browser.GetAsync(oauthUrl);
        var login = await browser.PostAsync(new Uri(loginPage.RequestMessage!.RequestUri!, "/account/login"), new FormUrlEncodedContent(
        [
            new("returnUrl", HiddenValue(await loginPage.Content.ReadAsStringAsync(), "returnUrl")),
            new("username", "alice"),
            new("password", "wonderland"),
        ]));
        var consent = await login.Content.ReadAsStringAsync();
        var fields = Regex.Matches(consent, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .Select(m => new KeyValuePair<string, string>(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new("consent", "deny"))
            .ToList();
        var denied = await browser.PostAsync(new Uri(login.RequestMessage!.RequestUri!, "/connect/authorize"), new FormUrlEncodedContent(fields));

        var final = denied.RequestMessage!.RequestUri!;
        Assert.Equal(service.Landing.AbsolutePath, final.AbsolutePath);
        Assert.Contains("error=access_denied", final.Query, StringComparison.Ordinal);
        Assert.Contains($"connectorId={OAuthServiceFixture.BrowserConnector}", final.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("credentialId", final.Query, StringComparison.Ordinal);
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task ReauthorizeRepairsTheSameCredentialInPlace()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var (_, landed) = await OAuthTestClient.FollowAsync(await tenant.StartAsync(OAuthServiceFixture.BasicConnector));
        var credentialId = landed["credentialId"];
        var (firstTokens, firstGeneration) = await tenant.StoredAsync(credentialId);

        var reauthorize = await tenant.Api.PostAsJsonAsync($"credentials/{credentialId}/reauthorize", new { redirectUri = service.Landing.AbsoluteUri });
        Assert.Equal(HttpStatusCode.OK, reauthorize.StatusCode);
        var (_, again) = await OAuthTestClient.FollowAsync((await reauthorize.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oauthUrl").GetString()!);

        Assert.Equal(credentialId, again["credentialId"]);
        var (secondTokens, secondGeneration) = await tenant.StoredAsync(credentialId);
        Assert.NotEqual(firstTokens.AccessToken, secondTokens.AccessToken);
        Assert.Equal(firstGeneration + 1, secondGeneration);
        Assert.Equal(1, (await tenant.Api.GetFromJsonAsync<JsonElement>($"users/{tenant.UserId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task ImportCreatesAnOAuthCredentialFromExistingTokens()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var expiresAt = DateTimeOffset.UtcNow.AddHours(1);

        var response = await tenant.Api.PostAsJsonAsync("credentials", new
        {
            userId = tenant.UserId,
            connectorId = OAuthServiceFixture.BasicConnector,
            authenticationType = "oauth2",
            name = "migrated",
            data = new { accessToken = "imported-access-CANARY", refreshToken = "imported-refresh-CANARY", expiresAt, scopes = new[] { "read" } },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("CANARY", body, StringComparison.Ordinal);
        var credential = JsonDocument.Parse(body).RootElement;
        Assert.Equal("active", credential.GetProperty("status").GetString());
        Assert.Equal(["read"], credential.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var (tokens, _) = await tenant.StoredAsync(credential.GetProperty("credentialId").GetString()!);
        Assert.Equal("imported-refresh-CANARY", tokens.RefreshToken);
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), tokens.ExpiresAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task BodyWithBothRedirectUriAndAccessTokenIs400()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var response = await tenant.Api.PostAsJsonAsync("credentials", new
        {
            userId = tenant.UserId,
            connectorId = OAuthServiceFixture.BasicConnector,
            authenticationType = "oauth2",
            redirectUri = service.Landing.AbsoluteUri,
            data = new { accessToken = "x" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ReplacingTheAuthConfigMakesANewVersionAndExistingCredentialsKeepTheirs()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var (_, landed) = await OAuthTestClient.FollowAsync(await tenant.StartAsync(OAuthServiceFixture.BasicConnector));

        var replaced = await tenant.Api.PutAsJsonAsync($"connectors/{OAuthServiceFixture.BasicConnector}/auth-config", new { clientId = "basic-client", clientSecret = OAuthServiceFixture.BasicSecret, scopes = new[] { "read" } });
        var view = await replaced.Content.ReadAsStringAsync();
        Assert.Equal(2, JsonDocument.Parse(view).RootElement.GetProperty("version").GetInt32());
        Assert.DoesNotContain(OAuthServiceFixture.BasicSecret, view, StringComparison.Ordinal);
        Assert.DoesNotContain(OAuthServiceFixture.BasicSecret, await tenant.Api.GetStringAsync($"connectors/{OAuthServiceFixture.BasicConnector}/auth-config"), StringComparison.Ordinal);

        var old = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{landed["credentialId"]}");
        Assert.Equal(1, old.GetProperty("authConfig").GetProperty("version").GetInt32());
        var (_, next) = await OAuthTestClient.FollowAsync(await tenant.StartAsync(OAuthServiceFixture.BasicConnector));
        var fresh = await tenant.Api.GetFromJsonAsync<JsonElement>($"credentials/{next["credentialId"]}");
        Assert.Equal(2, fresh.GetProperty("authConfig").GetProperty("version").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Api.DeleteAsync($"connectors/{OAuthServiceFixture.BasicConnector}/auth-config")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Api.GetAsync($"connectors/{OAuthServiceFixture.BasicConnector}/auth-config")).StatusCode);
    }

    [Fact]
    public async Task CodesTokensAndClientSecretsNeverReachLogsOrTelemetry()
    {
        var tenant = await OAuthTestClient.CreateAsync(service);
        var callback = await OAuthTestClient.CallbackUrlAsync(await tenant.StartAsync(OAuthServiceFixture.BasicConnector));
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var done = await browser.GetAsync(callback);
        var credentialId = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(done.Headers.Location!.Query)["credentialId"].ToString();
        var (tokens, _) = await tenant.StoredAsync(credentialId);

        var telemetry = service.AllTelemetryText();
        foreach (var secret in new[] { code, tokens.AccessToken, tokens.RefreshToken!, OAuthServiceFixture.BasicSecret, OAuthServiceFixture.PostSecret })
        {
            var leaks = telemetry.Where(line => line.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, "secret found in: " + string.Join(" || ", leaks.Select(l => l[..Math.Min(l.Length, 300)])));
        }
    }

    private static string HiddenValue(string html, string name)
        => System.Net.WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);
}
