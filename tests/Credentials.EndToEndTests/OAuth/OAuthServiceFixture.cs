using System.Text.Json.Nodes;
using Credentials.TestOAuthServer;
using Credentials.TestSupport.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.EndToEndTests.OAuth;

/// <summary>
/// The service plus two real OAuth servers (OpenIddict): one that approves automatically (HttpClient-driven flows) and one
/// with a login and consent page (browser and deny flows). The connectors pointing at them come from a test folder via
/// <c>Credentials__ConnectorsPath</c>; the service runs on a fake clock so state expiry can be tested.
/// </summary>
public sealed class OAuthServiceFixture : ServiceFixture
{
    public const string BasicConnector = "testoauth-basic";
    public const string PostConnector = "testoauth-post";
    public const string BrowserConnector = "testoauth-browser";
    public const string ShortConnector = "testoauth-short";
    public const string ShortSecret = "short-client-secret-CANARY-93aa";
    public const string BasicSecret = "basic-client-secret-CANARY-41c9";
    public const string PostSecret = "post-client-secret-CANARY-77e2";
    public const string BrowserSecret = "browser-client-secret-CANARY-0d13";
    public const string InstanceUrl = "https://acme.my.example.com";

    private string folder = string.Empty;

    /// <summary>Approves as alice without any page.</summary>
    public TestAuthorizationServer Provider { get; private set; } = null!;

    /// <summary>Shows login and consent pages.</summary>
    public TestAuthorizationServer InteractiveProvider { get; private set; } = null!;

    /// <summary>Issues 60 s access tokens (refresh tests).</summary>
    public TestAuthorizationServer ShortLivedProvider { get; private set; } = null!;

    /// <summary>The service's credential store, with fault injection.</summary>
    public FaultInjectingCredentialStore CredentialStore => (FaultInjectingCredentialStore)App.Services.GetRequiredService<Credentials.Core.Credentials.CredentialStore>();

    /// <summary>The service's clock.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Where tenants send users back in these tests (a page on the provider host that echoes its query).</summary>
    public Uri Landing => Provider.ClientLandingPage;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Credentials:ConnectorsPath"] = folder,

        // These tests force refreshes right after connecting to watch the provider answer (a revoked grant, an outage); reusing a
        // refresh that just finished (Credentials__ForcedRefreshReuse) is covered by the refresh tests.
        ["Credentials:ForcedRefreshReuse"] = "00:00:00",

        // The post connector uses the deployment-wide OAuth app from configuration.
        [$"Credentials:Connectors:{PostConnector}:ClientId"] = "post-client",
        [$"Credentials:Connectors:{PostConnector}:ClientSecret"] = PostSecret,
        [$"Credentials:Connectors:{ShortConnector}:ClientId"] = "short-client",
        [$"Credentials:Connectors:{ShortConnector}:ClientSecret"] = ShortSecret,

        // Timers off (the host's own switch): tests run the sweep and the webhook delivery themselves, on the fake clock.
        ["AzureWebJobs.RefreshSweep.Disabled"] = "true",
        ["AzureWebJobs.DeliverWebhooks.Disabled"] = "true",
    };

    protected override async Task BeforeStartAsync(Uri publicBaseUrl)
    {
        Uri Callback(string connector) => new(publicBaseUrl, $"api/oauth/callback/{connector}");
        var auto = new TestAuthorizationServerOptions { AutoApproveSubject = "alice" };
        auto.Clients.Add(new TestClient("basic-client", BasicSecret, ClientAuthentication.Basic, [Callback(BasicConnector)]));
        auto.Clients.Add(new TestClient("post-client", PostSecret, ClientAuthentication.Post, [Callback(PostConnector)]));
        auto.ExtraTokenResponseParameters["instance_url"] = InstanceUrl;
        Provider = await TestAuthorizationServer.StartAsync(auto);

        var interactive = new TestAuthorizationServerOptions();
        interactive.Clients.Add(new TestClient("browser-client", BrowserSecret, ClientAuthentication.Basic, [Callback(BrowserConnector)]));
        InteractiveProvider = await TestAuthorizationServer.StartAsync(interactive);

        var shortLived = new TestAuthorizationServerOptions { AutoApproveSubject = "bob", AccessTokenLifetime = TimeSpan.FromSeconds(60) };
        shortLived.Clients.Add(new TestClient("short-client", ShortSecret, ClientAuthentication.Post, [Callback(ShortConnector)]));
        ShortLivedProvider = await TestAuthorizationServer.StartAsync(shortLived);

        folder = Directory.CreateTempSubdirectory("connectors-").FullName;
        await WriteConnectorAsync(ShortConnector, ShortLivedProvider, "client_secret_post", withInstanceUrl: false);
        await WriteConnectorAsync(BasicConnector, Provider, "client_secret_basic", withInstanceUrl: true);
        await WriteConnectorAsync(PostConnector, Provider, "client_secret_post", withInstanceUrl: false);
        await WriteConnectorAsync(BrowserConnector, InteractiveProvider, "client_secret_basic", withInstanceUrl: false);
    }

    protected override void Customize(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton<Credentials.Core.Credentials.CredentialStore>(sp => new FaultInjectingCredentialStore(sp.GetRequiredService<Credentials.Core.Storage.TableProvider>()));
    }

    protected override async Task AfterStopAsync()
    {
        await Provider.DisposeAsync();
        await InteractiveProvider.DisposeAsync();
        await ShortLivedProvider.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private async Task WriteConnectorAsync(string id, TestAuthorizationServer server, string authMethod, bool withInstanceUrl)
    {
        var metadata = new JsonArray();
        if (withInstanceUrl)
        {
            metadata.Add(new JsonObject { ["name"] = "instanceUrl", ["pointer"] = "/instance_url", ["required"] = true, ["pattern"] = "^https://[a-z0-9.-]+\\z" });
        }

        var connector = TestServerConnector.Json(id, $"Test OAuth ({id})", server, authMethod, metadata);
        await File.WriteAllTextAsync(Path.Combine(folder, id + ".json"), connector.ToJsonString());
    }
}

[CollectionDefinition(Name)]
public sealed class OAuthCollection : ICollectionFixture<OAuthServiceFixture>
{
    public const string Name = "oauth";
}
