using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.EndToEndTests.OAuth;
using Credentials.EndToEndTests.Proxy;
using Credentials.TestOAuthServer;
using Credentials.TestSupport.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.EndToEndTests.Connect;

/// <summary>
/// The service on a fake clock plus what the connect page talks to: an OpenIddict server with login and consent pages (browser
/// flows), one that approves at once (HttpClient flows), and a provider API on loopback whose <c>/verify</c> refuses keys
/// starting with <c>bad</c>. Test connectors: an OAuth app on each server (deployment-wide client) and a verified API-key
/// connector with a patterned field.
/// </summary>
public sealed class ConnectServiceFixture : ServiceFixture
{
    public const string OAuthConnector = "testconnect-calendar";
    public const string AutoConnector = "testconnect-auto";
    public const string KeyConnector = "testconnect-desk";
    public const string OAuthSecret = "connect-oauth-secret-CANARY-6b1f";
    public const string AutoSecret = "connect-auto-secret-CANARY-2d8e";

    private string folder = string.Empty;

    /// <summary>Login and consent pages (alice / wonderland).</summary>
    public TestAuthorizationServer InteractiveProvider { get; private set; } = null!;

    /// <summary>Approves as alice without a page.</summary>
    public TestAuthorizationServer AutoProvider { get; private set; } = null!;

    /// <summary>The API-key connector's provider.</summary>
    public UpstreamServer Upstream { get; private set; } = null!;

    /// <summary>The service's clock.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>A page of the tenant's app (on the interactive provider's origin): the allowed redirect URI of these tests.</summary>
    public Uri Landing => InteractiveProvider.ClientLandingPage;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Credentials:ConnectorsPath"] = folder,
        [$"Credentials:Connectors:{OAuthConnector}:ClientId"] = "calendar-client",
        [$"Credentials:Connectors:{OAuthConnector}:ClientSecret"] = OAuthSecret,
        [$"Credentials:Connectors:{AutoConnector}:ClientId"] = "auto-client",
        [$"Credentials:Connectors:{AutoConnector}:ClientSecret"] = AutoSecret,
        ["AzureWebJobs.RefreshSweep.Disabled"] = "true",
        ["AzureWebJobs.DeliverWebhooks.Disabled"] = "true",
    };

    /// <summary>A tenant named <paramref name="displayName"/> on the page, whose app may be returned to at <see cref="Landing"/>, and one of its users.</summary>
    public async Task<(HttpClient Api, string UserId)> TenantAsync(string displayName = "Acme CRM", string? accentColor = null, object? extraSettings = null)
    {
        var (_, key) = await CreateTenantAsync(displayName);
        var api = WithKey(key);
        var settings = JsonSerializer.SerializeToNode(extraSettings ?? new { })!.AsObject();
        settings["allowedRedirectUris"] = new JsonArray(Landing.AbsoluteUri);
        settings["displayName"] = displayName;
        if (accentColor is not null)
        {
            settings["accentColor"] = accentColor;
        }

        var saved = await api.PutAsJsonAsync("settings", settings);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        return (api, await CreateUserAsync(api, "end.user"));
    }

    /// <summary>Creates a session (asserting 201) and returns its id, URL and token.</summary>
    public static async Task<(string SessionId, string Url, string Token)> CreateSessionAsync(HttpClient api, object body)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.PostAsJsonAsync("connect/sessions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var link = JsonDocument.Parse(text).RootElement;
        var url = link.GetProperty("url").GetString()!;
        return (link.GetProperty("sessionId").GetString()!, url, url[(url.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..]);
    }

    /// <summary>A client presenting a session token the way the page does.</summary>
    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("Connect-Token", token);
        client.DefaultRequestHeaders.CacheControl = new CacheControlHeaderValue { NoStore = true };
        return client;
    }

    protected override async Task BeforeStartAsync(Uri publicBaseUrl)
    {
        Uri Callback(string connector) => new(publicBaseUrl, $"api/oauth/callback/{connector}");
        var interactive = new TestAuthorizationServerOptions();
        interactive.Clients.Add(new TestClient("calendar-client", OAuthSecret, ClientAuthentication.Basic, [Callback(OAuthConnector)]));
        InteractiveProvider = await TestAuthorizationServer.StartAsync(interactive);

        var auto = new TestAuthorizationServerOptions { AutoApproveSubject = "alice" };
        auto.Clients.Add(new TestClient("auto-client", AutoSecret, ClientAuthentication.Basic, [Callback(AutoConnector)]));
        AutoProvider = await TestAuthorizationServer.StartAsync(auto);

        Upstream = await UpstreamServer.StartAsync();
        folder = Directory.CreateTempSubdirectory("connect-connectors-").FullName;
        await WriteAsync(OAuthConnectorJson(OAuthConnector, "Northwind Calendar", "Calendars and events of your Northwind workspace.", InteractiveProvider));
        await WriteAsync(OAuthConnectorJson(AutoConnector, "Contoso Files", "Files and folders in Contoso Drive.", AutoProvider));
        await WriteAsync(KeyConnectorJson());
    }

    protected override void Customize(WebApplicationBuilder builder)
        => builder.Services.AddSingleton<TimeProvider>(Clock);

    protected override async Task AfterStopAsync()
    {
        await InteractiveProvider.DisposeAsync();
        await AutoProvider.DisposeAsync();
        await Upstream.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private JsonObject KeyConnectorJson() => new()
    {
        ["id"] = KeyConnector,
        ["name"] = "Acme Desk",
        ["description"] = "Tickets and contacts from your Acme Desk helpdesk.",
        ["authenticationTypes"] = new JsonArray("apiKey"),
        ["fields"] = new JsonObject
        {
            ["apiKey"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "workspace", ["title"] = "Workspace", ["description"] = "The part before .acmedesk.example, in lower case.",
                    ["type"] = "string", ["required"] = true, ["pattern"] = "^[a-z0-9][a-z0-9-]{0,30}\\z", ["maxLength"] = 31,
                },
                new JsonObject
                {
                    ["name"] = "apiKey", ["title"] = "API key", ["description"] = "Settings › API › Create key.",
                    ["type"] = "string", ["secret"] = true, ["required"] = true, ["maxLength"] = 200,
                }),
        },
        ["api"] = new JsonObject
        {
            ["baseUrl"] = Upstream.BaseUrl + "/",
            ["allowedHosts"] = new JsonArray("127.0.0.1"),
            ["headers"] = new JsonObject(),
            ["auth"] = new JsonObject { ["apiKey"] = new JsonObject { ["type"] = "header", ["name"] = "X-Api-Key", ["value"] = "{apiKey}" } },
            ["verification"] = new JsonObject { ["method"] = "GET", ["path"] = "/verify" },
        },
    };

    private static JsonObject OAuthConnectorJson(string id, string name, string description, TestAuthorizationServer server)
    {
        var connector = TestServerConnector.Json(id, name, server, "client_secret_basic");
        connector["description"] = description;
        return connector;
    }

    private Task WriteAsync(JsonObject connector)
        => File.WriteAllTextAsync(Path.Combine(folder, connector["id"]!.GetValue<string>() + ".json"), connector.ToJsonString());
}

[CollectionDefinition(Name)]
public sealed class ConnectCollection : ICollectionFixture<ConnectServiceFixture>
{
    public const string Name = "connect";
}
