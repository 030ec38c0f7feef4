using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.TestSupport.Conformance;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Credentials.EndToEndTests.Conformance;

/// <summary>
/// Every catalogue entry, found by listing the catalogue (adding a file adds a case), runs its own lifecycle through the real service
/// against a <see cref="ConformanceProvider"/> that follows that file. oauth2: connect through the callback, read the token, proxy one
/// call, refresh twice (rotation honoured), a dead grant makes it invalid, delete revokes as declared. apiKey, basic and custom:
/// create with verification (good 201, wrong secret 400, provider down 503), proxy one call with the declared scheme, delete.
/// </summary>
[Collection(ConformanceCollection.Name)]
public sealed class ConnectorConformanceTests(ConformanceServiceFixture service, ITestOutputHelper output)
{
    public static TheoryData<string> CatalogueEntries() => [.. CatalogueIds()];

    // The built-in catalogue as the service loads it: every file in Connectors/Catalog, never a hand-written list.
    private static List<string> CatalogueIds() => [.. new ConnectorCatalog(Options.Create(new CredentialsOptions())).All.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CatalogueEntries))]
    public async Task ConnectorRunsItsLifecycleAgainstAProviderThatFollowsItsFile(string connectorId)
    {
        var connector = service.Catalog.Find(connectorId) ?? throw new InvalidOperationException($"{connectorId} is not in the service's catalogue");
        var (_, key) = await service.CreateTenantAsync($"Conformance {connectorId}");
        using var api = service.WithKey(key);
        var userId = await TestSupport.Service.ServiceFixture.CreateUserAsync(api, "conformance-user");
        foreach (var type in connector.AuthenticationTypes)
        {
            if (type == AuthenticationTypes.OAuth2)
            {
                await OAuthLifecycleAsync(api, userId, connector);
            }
            else
            {
                await SecretLifecycleAsync(api, userId, connector, type);
            }
        }

        service.Ran(connectorId);
        output.WriteLine($"{connectorId} ({string.Join(", ", connector.AuthenticationTypes)}) passed; {service.RanCount} of {CatalogueIds().Count} catalogue connectors have run");
    }

    [Fact]
    public async Task TheTheoryCoversEveryConnectorTheCatalogueRouteLists()
    {
        var (_, key) = await service.CreateTenantAsync("Conformance catalogue");
        using var api = service.WithKey(key);

        var listed = (await api.GetFromJsonAsync<JsonElement>("connectors")).GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        var theory = CatalogueIds();

        Assert.Equal(listed, theory);
        output.WriteLine($"Connector conformance covers {theory.Count} connectors: {string.Join(", ", theory)}");
    }

    private async Task OAuthLifecycleAsync(HttpClient api, string userId, ConnectorDefinition connector)
    {
        var settings = connector.OAuth2!;
        var data = SampleValues.Data(connector, AuthenticationTypes.OAuth2, Guid.NewGuid().ToString("N")[..8]);
        var scenario = service.Provider.Begin(connector, AuthenticationTypes.OAuth2, Texts(data), new Credentials.Core.Configuration.ApiRoutes("api").CallbackUrl(service.BaseAddress, connector.Id));
        await ExpectAsync(HttpStatusCode.OK, await api.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { ConformanceServiceFixture.Landing } }), scenario);
        await ExpectAsync(HttpStatusCode.OK, await api.PutAsJsonAsync($"connectors/{connector.Id}/auth-config", new { clientId = scenario.ClientId, clientSecret = scenario.ClientSecret }), scenario);

        // Connect: the service builds the authorization URL, the provider checks it, the browser comes back through the callback.
        var start = await ExpectAsync(HttpStatusCode.OK, await api.PostAsJsonAsync("credentials", new { userId, connectorId = connector.Id, authenticationType = "oauth2", redirectUri = ConformanceServiceFixture.Landing, data }), scenario);
        var callbackQuery = AuthorizationRules.Authorize(scenario, new Uri(start.GetProperty("oauthUrl").GetString()!));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(service.BaseAddress, "api/") };
        using var callback = await browser.GetAsync($"oauth/callback/{connector.Id}?{callbackQuery}");
        var landing = HttpUtility.ParseQueryString(callback.Headers.Location?.Query ?? string.Empty);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect && landing["credentialId"] is not null, Report(scenario, $"callback answered {(int)callback.StatusCode} to {callback.Headers.Location}"));
        var credentialId = landing["credentialId"]!;

        var stored = await ExpectAsync(HttpStatusCode.OK, await api.GetAsync($"credentials/{credentialId}"), scenario);
        Assert.Equal("active", stored.GetProperty("status").GetString());
        foreach (var (name, value) in scenario.ExpectedMetadata.Concat(NonSecret(connector, AuthenticationTypes.OAuth2, data)))
        {
            Assert.True(stored.GetProperty("metadata").TryGetProperty(name, out var actual) && actual.GetString() == value, Report(scenario, $"metadata {name} is not '{value}': {stored.GetProperty("metadata")}"));
        }

        Assert.Equal(1, scenario.CodeExchanges);
        Assert.Equal(settings.PostConnect.Count, scenario.PostConnectCalls);
        await ExpectTokenAsync(api, credentialId, scenario);
        await ExpectProxiedAsync(api, credentialId, scenario, expectedCalls: 1);

        // Refresh twice: a rotating provider has already refused the first refresh token when the second refresh runs.
        for (var round = 1; round <= 2; round++)
        {
            var refreshed = await ExpectAsync(HttpStatusCode.OK, await api.PostAsync($"credentials/{credentialId}/refresh", null), scenario);
            Assert.True(refreshed.GetProperty("status").GetString() == "active", Report(scenario, $"refresh {round}: {refreshed}"));
            Assert.Equal(round, scenario.Refreshes);
            await ExpectTokenAsync(api, credentialId, scenario);
        }

        await ExpectProxiedAsync(api, credentialId, scenario, expectedCalls: 2);

        // The provider answers the file's dead-grant code: the credential becomes invalid at once.
        scenario.NextRefreshError = settings.DeadGrantErrors[0];
        using (await api.PostAsync($"credentials/{credentialId}/refresh", null))
        {
        }

        var dead = await ExpectAsync(HttpStatusCode.OK, await api.GetAsync($"credentials/{credentialId}"), scenario);
        Assert.True(dead.GetProperty("status").GetString() == "invalid", Report(scenario, $"after {settings.DeadGrantErrors[0]}: {dead}"));

        // Delete revokes in the declared shape (the provider checks it and records the token).
        using var deleted = await api.DeleteAsync($"credentials/{credentialId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var revocation = deleted.Headers.TryGetValues("Credential-Revocation", out var outcome) ? outcome.Single() : null;
        var expectedToken = settings.Revocation?["token"]?.GetValue<string>() == "refresh_token" ? scenario.RefreshToken : scenario.AccessToken;
        Assert.True(settings.Revocation is null ? revocation == "not_supported" : revocation == "revoked" && scenario.Revoked.SequenceEqual([expectedToken!]), Report(scenario, $"revocation {revocation}, revoked {scenario.Revoked.Count}"));
        Assert.True(scenario.Violations.Count == 0, Report(scenario, "the service broke the connector file's rules"));
    }

    private async Task SecretLifecycleAsync(HttpClient api, string userId, ConnectorDefinition connector, string type)
    {
        var data = SampleValues.Data(connector, type, Guid.NewGuid().ToString("N")[..8]);
        var scenario = service.Provider.Begin(connector, type, Texts(data), new Credentials.Core.Configuration.ApiRoutes("api").CallbackUrl(service.BaseAddress, connector.Id));
        object Body(JsonObject values) => new { userId, connectorId = connector.Id, authenticationType = type, name = $"{connector.Name} {type}", data = values };
        if (connector.Api?.Verification is not null)
        {
            if (SampleValues.WithWrongSecrets(connector, type, data) is { } wrong)
            {
                var refused = await ExpectAsync(HttpStatusCode.BadRequest, await api.PostAsJsonAsync("credentials", Body(wrong)), scenario);
                Assert.Equal("verification_failed", refused.GetProperty("code").GetString());
            }

            scenario.ApiDown = true;
            var down = await ExpectAsync(HttpStatusCode.ServiceUnavailable, await api.PostAsJsonAsync("credentials", Body(data)), scenario);
            Assert.Equal("provider_error", down.GetProperty("code").GetString());
            scenario.ApiDown = false;
        }

        var created = await ExpectAsync(HttpStatusCode.Created, await api.PostAsJsonAsync("credentials", Body(data)), scenario);
        var credentialId = created.GetProperty("credentialId").GetString()!;
        var verifications = scenario.AcceptedApiCalls;
        Assert.Equal(connector.Api?.Verification is null ? 0 : 1, verifications);
        await ExpectProxiedAsync(api, credentialId, scenario, expectedCalls: verifications + 1);

        using var deleted = await api.DeleteAsync($"credentials/{credentialId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(scenario.Violations.Count == 0, Report(scenario, "the service broke the connector file's rules"));
    }

    private static async Task ExpectTokenAsync(HttpClient api, string credentialId, ProviderScenario scenario)
    {
        var token = await ExpectAsync(HttpStatusCode.OK, await api.GetAsync($"credentials/{credentialId}/token"), scenario);
        Assert.True(token.GetProperty("accessToken").GetString() == scenario.AccessToken, Report(scenario, "the token route does not show the provider's latest access token"));
    }

    private static async Task ExpectProxiedAsync(HttpClient api, string credentialId, ProviderScenario scenario, int expectedCalls)
    {
        using var proxied = await api.GetAsync($"credentials/{credentialId}/proxy/conformance/check?page=1");
        Assert.True(proxied.StatusCode == HttpStatusCode.OK, Report(scenario, $"proxy answered {(int)proxied.StatusCode}: {await proxied.Content.ReadAsStringAsync()}"));
        Assert.Equal(expectedCalls, scenario.AcceptedApiCalls);
    }

    private static async Task<JsonElement> ExpectAsync(HttpStatusCode status, HttpResponseMessage response, ProviderScenario scenario)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, Report(scenario, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}, expected {(int)status}: {text}"));
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static string Report(ProviderScenario scenario, string what)
        => $"{scenario.Connector.Id} ({scenario.AuthenticationType}): {what}{Environment.NewLine}provider's last refusal: {scenario.LastRefusal ?? "none"}{Environment.NewLine}violations:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", scenario.Violations)}";

    private static Dictionary<string, string> Texts(JsonObject data)
        => data.ToDictionary(p => p.Key, p => SampleValues.Text(p.Value), StringComparer.Ordinal);

    private static IEnumerable<KeyValuePair<string, string>> NonSecret(ConnectorDefinition connector, string type, JsonObject data)
        => connector.FieldsFor(type).Where(f => !f.Secret && data.ContainsKey(f.Name)).Select(f => new KeyValuePair<string, string>(f.Name, SampleValues.Text(data[f.Name])));
}
