using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credentials.Client;
using Credentials.Client.Models;
using Credentials.Core.Connectors;
using Credentials.TestOAuthServer;
using Credentials.TestSupport.OpenApi;
using Microsoft.Playwright;

namespace Credentials.EndToEndTests.Walkthrough;

/// <summary>
/// The README's walk-through against the sandbox provider, request for request and in order: tenant, user, API-key credential,
/// OAuth connect in a browser, token, proxy, refresh, revoke, invalid, reauthorize. The tenant routes go through the typed client,
/// every answer is checked against the OpenAPI document, and the requests sent must be the README's and docs/requests.http's.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class WalkthroughTests(SandboxServiceFixture service)
{
    [Fact]
    public void TheReadmeAndTheRequestsFileHoldTheSameWalkthrough()
    {
        var readme = WalkthroughScript.FromReadme();

        Assert.True(readme.Count >= 15, $"only {readme.Count} requests in the README's walk-through");
        Assert.Equal(readme, WalkthroughScript.FromRequestsFile());
    }

    [Fact]
    public async Task TheReadmeWalkthroughWorksAgainstTheSandboxInTheReadmesOrder()
    {
        var log = new RequestLog(new OpenApiValidatingHandler(new SocketsHttpHandler()));
        using var http = new HttpClient(log, disposeHandler: true) { BaseAddress = service.BaseAddress };
        var connected = new Uri(service.BaseAddress, "sandbox/connected").AbsoluteUri;

        // 1. The platform admin creates a tenant.
        using var create = new HttpRequestMessage(HttpMethod.Post, "api/platform/tenants") { Content = JsonContent.Create(new { name = "Acme" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Credentials.TestSupport.Service.ServiceFixture.AdminKey);
        var tenant = await (await http.SendAsync(create)).Content.ReadFromJsonAsync<JsonElement>();
        var client = new CredentialsClient(new HttpClient(log, disposeHandler: false), new CredentialsClientOptions
        {
            BaseUrl = new Uri(service.BaseAddress, "api/"),
            ApiKey = tenant.GetProperty("apiKey").GetString(),
        });

        // 2. A user, found again by username.
        var user = await client.CreateUserAsync("jane@example.com", "Jane Doe");
        Assert.Equal(user, await client.FindUserByUsernameAsync("Jane@Example.com"));

        // 3-5. What the API-key connector needs; a key the sandbox accepts; the provider through the proxy.
        var metadata = await client.GetConnectorMetadataAsync(SandboxConnectors.ApiKeyConnectorId);
        Assert.Equal("apiKey", Assert.Single(metadata.Metadata).AuthenticationType);
        var keyCredential = (await client.CreateCredentialAsync(new NewCredential(user.UserId, SandboxConnectors.ApiKeyConnectorId, "apiKey")
        {
            Name = "Sandbox key",
            Data = new Dictionary<string, object?> { ["apiKey"] = "sk_test_walkthrough" },
        })).Credential!;
        Assert.Equal("active", keyCredential.Status);
        using (var me = await client.SendProxyAsync(keyCredential.CredentialId, HttpMethod.Get, "me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Equal("apiKey", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
        }

        // 6. The tenant's OAuth app at the sandbox, and where end users come back to.
        await client.PutAuthConfigAsync(SandboxConnectors.OAuthConnectorId, SandboxConnectors.ClientId, SandboxConnectors.ClientSecret);
        await client.UpdateSettingsAsync([new Uri(connected)]);

        // 7. Start the flow; the end user allows it in a browser and lands on the sandbox's page with the credential id.
        var link = (await client.CreateCredentialAsync(new NewCredential(user.UserId, SandboxConnectors.OAuthConnectorId, "oauth2") { RedirectUri = new Uri(connected) })).AuthorizationLink!;
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var credentialId = await ConsentAsync(chromium, link.OAuthUrl);

        // 8. A token, and the provider's API through the proxy.
        var token = await client.GetAccessTokenAsync(credentialId);
        Assert.StartsWith("sbx_at_", token.Token, StringComparison.Ordinal);
        using (var me = await client.SendProxyAsync(credentialId, HttpMethod.Get, "me"))
        {
            Assert.Equal("oauth", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
        }

        // 9. A refresh: the sandbox rotates the refresh token and issues a new access token.
        var refreshed = await client.RefreshAsync(credentialId);
        Assert.Equal("active", refreshed.Status);
        Assert.NotNull(refreshed.LastRefreshedAt);

        // 10. The provider revokes every grant: the next refresh finds the grant dead and the credential turns invalid.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("sandbox/control/revoke-all", null)).StatusCode);
        var invalid = await Assert.ThrowsAsync<CredentialsApiException>(() => client.RefreshAsync(credentialId));
        Assert.Equal("credential_invalid", invalid.Code);
        Assert.Equal("invalid", (await client.GetCredentialAsync(credentialId)).Status);

        // 11. Reauthorize: a new consent repairs the same credential.
        var again = await client.ReauthorizeAsync(credentialId, new Uri(connected));
        Assert.Equal(credentialId, await ConsentAsync(chromium, again.OAuthUrl));
        Assert.NotEqual(token.Token, (await client.GetAccessTokenAsync(credentialId)).Token);

        // 12. The user's credentials; delete the OAuth one (its grant is revoked at the sandbox), then the user.
        var listed = new List<Credential>();
        await foreach (var credential in client.ListUserCredentialsAsync(user.UserId))
        {
            listed.Add(credential);
        }

        Assert.Equal(new[] { keyCredential.CredentialId, credentialId }.Order(StringComparer.Ordinal), listed.Select(c => c.CredentialId).Order(StringComparer.Ordinal));
        Assert.Equal("revoked", (await client.DeleteCredentialAsync(credentialId)).Revocation);
        Assert.True(await client.DeleteUserAsync(user.UserId));

        Assert.Equal(WalkthroughScript.FromReadme(), log.Requests);
    }

    private static async Task<string> ConsentAsync(HeadlessChromium chromium, Uri oauthUrl)
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(oauthUrl.AbsoluteUri);
        await page.ClickAsync("#allow");
        await page.WaitForURLAsync(new Regex("/sandbox/connected\\?"), new PageWaitForURLOptions { Timeout = 30_000 });
        return await page.InnerTextAsync("#credentialId");
    }
}
