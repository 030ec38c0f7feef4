using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.OAuth;
using Credentials.TestSupport.Conformance;
using Microsoft.Extensions.Options;

namespace Credentials.EndToEndTests.Conformance;

/// <summary>The fake provider itself: it must refuse what a connector file forbids, or the conformance run proves nothing.</summary>
public sealed class ConformanceProviderTests
{
    private static readonly ConnectorCatalog Catalog = new(Options.Create(new CredentialsOptions()));

    [Fact]
    public void DocumentsPutSharedElementsTogetherBehindADecoyAndKeepLists()
    {
        var items = new List<PointerMetadata>
        {
            new("baseUri", "/accounts", true, "^https://[a-z0-9.]+\\z", Item: "/base_uri", Where: Condition("/is_default", "true"), Example: "https://demo.docusign.net"),
            new("accountId", "/accounts", true, Item: "/account_id", Where: Condition("/is_default", "true"), Example: "acc-1"),
            new("tenantIds", "/tenants", true, Item: "/id", All: true, Example: "t-1"),
        };
        var document = JsonSerializer.SerializeToElement(ProviderDocument.Build(null, items));
        var problems = new List<string>();

        var values = ProviderMetadataReader.FromJson(items, document, problems);

        Assert.Empty(problems);
        Assert.Equal("https://demo.docusign.net", values["baseUri"]);
        Assert.Equal("acc-1", values["accountId"]);
        Assert.Equal("t-1", values["tenantIds"]);
        Assert.Equal(JsonValueKind.String, document.GetProperty("accounts")[0].GetProperty("base_uri").ValueKind);
        Assert.NotEqual("https://demo.docusign.net", document.GetProperty("accounts")[0].GetProperty("base_uri").GetString());
    }

    [Fact]
    public async Task ATokenRequestWithTheWrongClientAuthenticationMethodIsInvalidClient()
    {
        var hubspot = Catalog.Find("hubspot")!; // client_secret_post
        var provider = new ConformanceProvider();
        var scenario = provider.Begin(hubspot, "oauth2", new Dictionary<string, string>(), "https://svc.example.com/api/oauth/callback/hubspot");
        using var invoker = new HttpMessageInvoker(provider);
        using var request = new HttpRequestMessage(HttpMethod.Post, hubspot.OAuth2!.TokenUrl)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "authorization_code"), new("code", "c")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{scenario.ClientId}:{scenario.ClientSecret}")));

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_client", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(scenario.Violations, v => v.Contains("client_secret_post", StringComparison.Ordinal));
    }

    [Fact]
    public void AnAuthorizationUrlWithPkceIsAViolationForAProviderThatRefusesIt()
    {
        var slack = Catalog.Find("slack")!; // pkce: false
        var scenario = new ConformanceProvider().Begin(slack, "oauth2", new Dictionary<string, string>(), "https://svc.example.com/api/oauth/callback/slack");
        var url = $"{slack.OAuth2!.AuthorizationUrl}?client_id={scenario.ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString(scenario.CallbackUrl)}&scope=chat%3Awrite&state=s&code_challenge=abc&code_challenge_method=S256";

        AuthorizationRules.Authorize(scenario, new Uri(url));

        Assert.Equal(["authorize: PKCE sent although the file says the provider refuses it"], scenario.Violations);
    }

    private static Dictionary<string, JsonElement> Condition(string pointer, string json)
        => new() { [pointer] = JsonDocument.Parse(json).RootElement.Clone() };
}
