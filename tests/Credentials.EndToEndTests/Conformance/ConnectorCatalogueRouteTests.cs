using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using Credentials.Core.Connectors;

namespace Credentials.EndToEndTests.Conformance;

/// <summary><c>GET /api/connectors</c> and <c>GET /api/connectors/{connectorId}</c> over HTTP: what a tenant needs per connector, and the filters.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class ConnectorCatalogueRouteTests(ConformanceServiceFixture service)
{
    [Fact]
    public async Task TheListShowsEveryConnectorWithWhatATenantNeeds()
    {
        using var api = await TenantAsync();

        var connectors = (await api.GetFromJsonAsync<JsonElement>("connectors")).GetProperty("connectors").EnumerateArray().ToList();

        Assert.Equal(service.Catalog.All.Select(c => c.Id), connectors.Select(c => c.GetProperty("id").GetString()));
        foreach (var entry in connectors)
        {
            var connector = service.Catalog.Find(entry.GetProperty("id").GetString())!;
            Assert.Equal(connector.Name, entry.GetProperty("name").GetString());
            Assert.Equal(connector.Categories, entry.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(connector.AuthenticationTypes, entry.GetProperty("authenticationTypes").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(connector.Docs, entry.GetProperty("docs").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(connector.Api?.Verification is not null && connector.AuthenticationTypes.Any(t => t != "oauth2"), entry.GetProperty("verifiedOnCreate").GetBoolean());
            if (connector.OAuth2 is { } settings)
            {
                var oauth = entry.GetProperty("oAuth2");
                Assert.Equal(new Uri(service.BaseAddress, $"api/oauth/callback/{connector.Id}").AbsoluteUri, oauth.GetProperty("callbackUrl").GetString());
                Assert.Equal(settings.ScopeSeparator, oauth.GetProperty("scopeSeparator").GetString());
                Assert.Equal(settings.DefaultScopes, oauth.GetProperty("defaultScopes").EnumerateArray().Select(s => s.GetString()));
                Assert.Equal(settings.RefreshTokenRotates, oauth.GetProperty("refreshTokenRotates").GetBoolean());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, entry.GetProperty("oAuth2").ValueKind);
            }
        }
    }

    [Theory]
    [InlineData("authType=apiKey", "apiKey", null)]
    [InlineData("authType=oauth2", "oauth2", null)]
    [InlineData("category=accounting", null, "accounting")]
    [InlineData("authType=oauth2&category=support", "oauth2", "support")]
    public async Task FiltersKeepOnlyMatchingConnectors(string query, string? authType, string? category)
    {
        using var api = await TenantAsync();

        var ids = (await api.GetFromJsonAsync<JsonElement>($"connectors?{query}")).GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();

        var expected = service.Catalog.All
            .Where(c => authType is null || c.AuthenticationTypes.Contains(authType))
            .Where(c => category is null || c.Categories.Contains(category))
            .Select(c => c.Id)
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, ids);
        Assert.True(ids.Count < service.Catalog.All.Count, "a filter that keeps everything proves nothing");
    }

    [Theory]
    [InlineData("authType=password", "authType")]
    [InlineData("authType=", "authType")]
    [InlineData("category=helpdesk", "category")]
    [InlineData("category=crm&category=support", "category")]
    public async Task UnknownFilterValuesAreAProblem(string query, string field)
    {
        using var api = await TenantAsync();

        using var response = await api.GetAsync($"connectors?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task OneConnectorIsShownAloneAndAnUnknownOneIsNotFound()
    {
        using var api = await TenantAsync();

        var zendesk = await api.GetFromJsonAsync<JsonElement>("connectors/zendesk");
        using var missing = await api.GetAsync("connectors/no-such-connector");

        Assert.Equal("zendesk", zendesk.GetProperty("id").GetString());
        Assert.Contains("support", zendesk.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(new Uri(service.BaseAddress, "api/oauth/callback/zendesk").AbsoluteUri, zendesk.GetProperty("oAuth2").GetProperty("callbackUrl").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task SalesforcesGenericApprovalErrorReachesTheTenantWithAClearDescription()
    {
        using var api = await TenantAsync();
        var userId = await TestSupport.Service.ServiceFixture.CreateUserAsync(api, "salesforce-user");
        (await api.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { ConformanceServiceFixture.Landing } })).EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync("connectors/salesforce/auth-config", new { clientId = "sf-client", clientSecret = "sf-secret" })).EnsureSuccessStatusCode();
        using var started = await api.PostAsJsonAsync("credentials", new { userId, connectorId = "salesforce", authenticationType = "oauth2", redirectUri = ConformanceServiceFixture.Landing, data = new { loginHost = "login" } });
        var oauthUrl = new Uri((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oauthUrl").GetString()!);
        var state = HttpUtility.ParseQueryString(oauthUrl.Query)["state"];

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(service.BaseAddress, "api/") };
        using var callback = await browser.GetAsync($"oauth/callback/salesforce?error=OAUTH_APPROVAL_ERROR_GENERIC&error_description={Uri.EscapeDataString("An unexpected error has occured during authentication. Please try again.")}&state={state}");

        var landing = HttpUtility.ParseQueryString(callback.Headers.Location!.Query);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("OAUTH_APPROVAL_ERROR_GENERIC", landing["error"]);
        Assert.Equal(service.Catalog.Find("salesforce")!.OAuth2!.AuthorizationErrorDescriptions["OAUTH_APPROVAL_ERROR_GENERIC"], landing["error_description"]);
        Assert.Contains("not installed", landing["error_description"], StringComparison.Ordinal);
    }

    private async Task<HttpClient> TenantAsync()
    {
        var (_, key) = await service.CreateTenantAsync("Catalogue reader");
        return service.WithKey(key);
    }
}
