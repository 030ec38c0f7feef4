using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.Ids;
using Credentials.Core.OAuth;
using Credentials.Core.Refresh;
using Credentials.Core.Secrets;
using Credentials.Core.Storage;
using Credentials.Core.Hosting;
using Credentials.Core.UseCases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Credentials.Benchmarks.Support;

/// <summary>
/// A RefreshService and RefreshSweepService over the stores it is given, built by the service's own registration
/// (<c>AddCredentialsService</c>): one oauth2 connector read from a temporary folder, the deployment OAuth app from in-memory
/// configuration (no table), an in-process token endpoint, the system clock.
/// </summary>
public sealed class RefreshRig
{
    /// <summary>The benchmark's connector.</summary>
    public const string ConnectorId = "benchoauth";

    private static readonly Lazy<string> ConnectorFolder = new(WriteConnector);

    /// <summary>Builds the services over <paramref name="credentials"/>, <paramref name="index"/> and <paramref name="secrets"/>.</summary>
    /// <param name="credentials">The credential rows.</param>
    /// <param name="index">The due index.</param>
    /// <param name="secrets">The secret store.</param>
    /// <param name="tables">The provider for the auth config store (never read: the deployment app comes from configuration).</param>
    /// <param name="states">OAuth states (the sweep removes expired ones).</param>
    /// <param name="provider">The token endpoint.</param>
    /// <param name="sweepParallelism">Refreshes the sweep runs at once.</param>
    /// <param name="mode">
    /// KeyVault (the default): bundles in <paramref name="secrets"/>, apart from the rows, as in KeyVault mode. Local: bundles sealed
    /// into the rows (the inline modes); <paramref name="secrets"/> then holds only auth-config secrets.
    /// </param>
    public RefreshRig(CredentialStore credentials, RefreshIndexStore index, ISecretStore secrets, TableProvider tables, OAuthStateStore states, FakeTokenEndpoint provider, int sweepParallelism = 16, SecretStoreKind mode = SecretStoreKind.KeyVault, ISecretSealer? sealer = null)
    {
        Credentials = credentials;
        Index = index;
        Secrets = secrets;
        Provider = provider;
        // The service's own composition root, with the benchmark's stores, token endpoint and clock registered first.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Credentials:SecretStore"] = mode.ToString(),

            // KeyVault mode over the benchmark's in-memory store: the setting needs a vault address, which nothing calls.
            ["Credentials:KeyVaultUri"] = mode == SecretStoreKind.Local ? null : "https://bench.vault.azure.net/",
            ["Credentials:LocalSecretKey"] = Convert.ToBase64String(new byte[32]),
            ["Credentials:ConnectorsPath"] = ConnectorFolder.Value,
            ["Credentials:AllowInsecureLoopback"] = "true",
            ["Credentials:SweepParallelism"] = sweepParallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Credentials:SweepBudget"] = "01:00:00",
            [$"Credentials:Connectors:{ConnectorId}:ClientId"] = "bench-client",
            [$"Credentials:Connectors:{ConnectorId}:ClientSecret"] = "bench-secret",

            // One deployment app refreshes every benchmark credential: the token-endpoint limit would measure itself.
            ["Credentials:Limits:TokenEndpointRequestsPerSecond"] = "1000000",
            ["Credentials:Limits:TokenEndpointBurst"] = "1000000",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(Clock);
        services.AddSingleton(credentials);
        services.AddSingleton(index);
        services.AddSingleton(secrets);
        if (sealer is not null)
        {
            // The caller's sealer (Envelope over the Key Vault fake) instead of the one the mode would build.
            services.AddSingleton(sealer);
        }

        services.AddSingleton(tables);
        services.AddSingleton(states);
        services.AddCredentialsService(configuration, new HostingEnvironment { EnvironmentName = Environments.Development, ApplicationName = "Credentials.Benchmarks", ContentRootPath = AppContext.BaseDirectory });
        services.PostConfigure<HttpClientFactoryOptions>(TokenEndpointClient.HttpClientName, o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = provider));
        var built = services.BuildServiceProvider();
        Services = built;
        Options = built.GetRequiredService<IOptions<CredentialsOptions>>();
        Catalog = built.GetRequiredService<ConnectorCatalog>();
        Settings = Catalog.Find(ConnectorId)?.OAuth2 ?? throw new InvalidOperationException("The benchmark connector did not load.");
        Refresh = built.GetRequiredService<RefreshService>();
        Usable = built.GetRequiredService<IUsableCredentialSource>();
        Bundles = built.GetRequiredService<CredentialBundles>();
        Sweep = built.GetRequiredService<RefreshSweepService>();
    }

    /// <summary>The service graph, for services beyond the refresh (e.g. the token read's <c>IUsableCredentialSource</c>).</summary>
    public IServiceProvider Services { get; }

    /// <summary>The clock (system: these are timings).</summary>
    public TimeProvider Clock { get; } = TimeProvider.System;

    public CredentialStore Credentials { get; }

    public RefreshIndexStore Index { get; }

    public ISecretStore Secrets { get; }

    public FakeTokenEndpoint Provider { get; }

    public IOptions<CredentialsOptions> Options { get; }

    public ConnectorCatalog Catalog { get; }

    public OAuth2Settings Settings { get; }

    public RefreshService Refresh { get; }

    /// <summary>What a token read and a forced refresh through the API use.</summary>
    public IUsableCredentialSource Usable { get; }

    /// <summary>Where the rig's bundles go (sealed into rows in Local mode).</summary>
    public CredentialBundles Bundles { get; }

    public RefreshSweepService Sweep { get; }

    /// <summary>
    /// A connected oauth2 credential and its secret bundle. Due: its token expires inside the refresh window (1 to 9 minutes
    /// from now) and its next refresh time has passed; not due: it expires in 1 to 24 hours.
    /// </summary>
    public static (Credential Credential, SecretBundle Bundle) NewCredential(DateTimeOffset now, bool due, TimeSpan window)
    {
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var expiresAt = due
            ? now + TimeSpan.FromSeconds(Random.Shared.Next(60, 540))
            : now + TimeSpan.FromMinutes(Random.Shared.Next(60, 24 * 60));
        var userId = ResourceIds.New(ResourceIds.User);
        var credential = new Credential
        {
            CredentialId = ResourceIds.NewCredential(userId),
            TenantId = ResourceIds.New(ResourceIds.Tenant),
            UserId = userId,
            ConnectorId = ConnectorId,
            AuthenticationType = AuthenticationTypes.OAuth2,
            Name = "Benchmark",
            Scopes = ["read"],
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = expiresAt,
            NextRefreshAt = expiresAt - window,
            AuthConfigId = AuthConfig.DeploymentId,
            AuthConfigVersion = 0,
        };
        var bundle = new SecretBundle
        {
            Tokens = new OAuthTokens { AccessToken = "at-seed-" + credential.CredentialId, RefreshToken = "rt-seed-" + credential.CredentialId, ExpiresAt = expiresAt, Scopes = ["read"] },
        };
        return (credential, bundle);
    }

    private static string WriteConnector()
    {
        var folder = Directory.CreateTempSubdirectory("bench-connectors-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        File.WriteAllText(Path.Combine(folder, ConnectorId + ".json"), $$"""
        {
          "id": "{{ConnectorId}}", "name": "Benchmark OAuth", "authenticationTypes": ["oauth2"],
          "oauth2": {
            "authorizationUrl": "http://127.0.0.1:9/authorize", "tokenUrl": "http://127.0.0.1:9/token",
            "tokenRequestFormat": "form", "tokenEndpointAuthMethod": "client_secret_post", "revocation": null,
            "defaultScopes": ["read"], "scopeSeparator": " ", "pkce": true, "authorizeParams": {}, "callbackMetadata": [],
            "tokenResponseMetadata": [], "postConnect": [], "refreshTokenRotates": true, "deadGrantErrors": ["invalid_grant"]
          },
          "api": { "baseUrl": "http://127.0.0.1:9", "allowedHosts": ["127.0.0.1"], "headers": {}, "auth": { "oauth2": { "type": "bearer" } } }
        }
        """);
        return folder;
    }
}
