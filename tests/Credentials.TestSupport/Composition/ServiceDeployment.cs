using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Credentials.Core.Configuration;
using Credentials.Core.Hosting;
using Credentials.Core.OAuth;
using Credentials.Core.Proxy;
using Credentials.Core.Secrets;
using Credentials.Core.Storage;
using Credentials.Core.Webhooks;
using Credentials.TestSupport.Crashes;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.TestSupport.Composition;

/// <summary>
/// One deployment of the service for integration tests: its tables (an Azurite account), settings, clock, provider handler and
/// secret store. Each <see cref="StartProcess"/> builds the real service graph with <c>AddCredentialsService</c> again: another
/// process over the same stores, with its own singletons (in-process single-flight, lease owner id, table cache, SDK clients).
/// </summary>
public sealed class ServiceDeployment
{
    /// <summary>The platform admin key of every test deployment.</summary>
    public const string AdminApiKey = "test-deployment-platform-admin-key-0123456789";

    /// <summary>The default public base URL (OAuth callbacks are under it; nothing listens there).</summary>
    public const string DefaultPublicBaseUrl = "https://credentials.example.test/";

    private static readonly string[] ProviderClients =
    [
        TokenEndpointClient.HttpClientName,
        TokenRevoker.HttpClientName,
        UpstreamClient.HttpClientName,
        ProviderMetadataReader.HttpClientName,
        WebhookSender.HttpClientName,
    ];

    // KeyVault mode over a store that is not the fake vault: the setting needs a vault address, which nothing calls.
    private const string StandInVaultUri = "https://stand-in.vault.azure.net/";

    private readonly ServiceDeploymentOptions options;
    private readonly Dictionary<string, string?> settings;
    private readonly HostingEnvironment environment = new()
    {
        EnvironmentName = Environments.Development,
        ApplicationName = "Credentials.TestSupport",
        ContentRootPath = AppContext.BaseDirectory,
        ContentRootFileProvider = new NullFileProvider(),
    };

    /// <summary>A deployment whose tables are in the account of <paramref name="tableConnectionString"/> (Azurite's).</summary>
    public ServiceDeployment(string tableConnectionString, ServiceDeploymentOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableConnectionString);
        this.options = options ?? new ServiceDeploymentOptions();
        const string section = CredentialsOptions.SectionName + ":";
        settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [section + nameof(CredentialsOptions.TableStorage)] = tableConnectionString,
            [section + nameof(CredentialsOptions.SecretStore)] = Mode.ToString(),
            [section + nameof(CredentialsOptions.KeyVaultUri)] = this.options.KeyVault?.VaultUri.AbsoluteUri ?? (Mode == SecretStoreKind.KeyVault ? StandInVaultUri : null),
            [section + nameof(CredentialsOptions.LocalSecretKey)] = Convert.ToBase64String(Enumerable.Range(11, 32).Select(i => (byte)i).ToArray()),
            [section + nameof(CredentialsOptions.AdminApiKey)] = AdminApiKey,
            [section + nameof(CredentialsOptions.AllowInsecureLoopback)] = "true",
            [section + nameof(CredentialsOptions.PublicBaseUrl)] = DefaultPublicBaseUrl,

            // Tests run many refreshes of one deployment app on a fake clock, which never refills a token bucket by itself.
            [section + "Limits:TokenEndpointRequestsPerSecond"] = "1000000",
            [section + "Limits:TokenEndpointBurst"] = "1000000",
        };
        foreach (var (key, value) in this.options.Settings)
        {
            settings[key] = value;
        }

        Tables = new TableServiceClient(tableConnectionString);
    }

    /// <summary>Where credential bundles live in this deployment (<see cref="ServiceDeploymentOptions.Mode"/>).</summary>
    public SecretStoreKind Mode => options.Mode ?? (options.KeyVault is null ? SecretStoreKind.Local : SecretStoreKind.KeyVault);

    /// <summary>The clock every process reads.</summary>
    public FakeTimeProvider Clock => options.Clock;

    /// <summary>The configuration every process is built from (test defaults and overrides).</summary>
    public IReadOnlyDictionary<string, string?> Settings => settings;

    /// <summary>The secret store all processes share when it is not an Azure SDK one, or null.</summary>
    public ISecretStore? SharedSecretStore => options.SecretStore;

    /// <summary>A client of the deployment's table account for seeding and inspecting rows outside every process (no policy).</summary>
    public TableServiceClient Tables { get; }

    /// <summary>
    /// Builds a new process: <c>AddCredentialsService</c> over this deployment's configuration, with <paramref name="storagePolicy"/>
    /// (if any) added per call to each of its Azure SDK clients (tables, and the SecretClient in KeyVault mode). A
    /// <see cref="CrashPolicy"/> also counts the calls of a shared non-SDK secret store.
    /// </summary>
    /// <param name="storagePolicy">A policy for this process's storage calls.</param>
    /// <param name="overrides">Settings of this process only (say, a rotated key), over the deployment's.</param>
    public ServiceProcess StartProcess(HttpPipelinePolicy? storagePolicy = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).AddInMemoryCollection(overrides ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => options.ConfigureLogging?.Invoke(logging));
        services.AddSingleton<TimeProvider>(options.Clock);
        if (options.SecretStore is { } shared)
        {
            services.AddSingleton<ISecretStore>(storagePolicy is CrashPolicy crashes ? new CrashingSecretStore(shared, crashes) : shared);
        }
        else if (Mode == SecretStoreKind.KeyVault && options.KeyVault is null)
        {
            // The Local store's table stands in for the vault: a store apart from the rows, written through the tables' pipeline.
            services.AddSingleton<LocalSecretKeyRing>();
            services.AddSingleton<ISecretStore>(sp => new TableSecretStore(sp.GetRequiredService<TableProvider>(), new LocalSecretSealer(sp.GetRequiredService<LocalSecretKeyRing>())));
        }

        options.ConfigureServices?.Invoke(services);
        services.AddCredentialsService(configuration, environment);

        // After the service's own registration: the credential and the defaults below apply to the clients it registered.
        services.AddAzureClients(clients =>
        {
            if (options.KeyVault is { } vault)
            {
                clients.UseCredential(vault.Credential);
            }

            clients.ConfigureDefaults(client => ConfigureClient(client, storagePolicy));
        });

        if (options.ProviderHandler is { } provider)
        {
            foreach (var name in ProviderClients)
            {
                services.PostConfigure<HttpClientFactoryOptions>(name, o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = new SharedProviderHandler(provider)));
            }
        }

        return new ServiceProcess(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), storagePolicy);
    }

    /// <summary>
    /// Deletes every row of every table in the account and empties a shared <see cref="MemorySecretStore"/>: fresh state for the
    /// next run. The tables stay, so processes still running keep working. The whole account is wiped: give such tests an Azurite
    /// of their own. Secrets in a fake Key Vault stay (their names are random and never reused).
    /// </summary>
    public async Task ResetStorageAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var item in Tables.QueryAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var table = Tables.GetTableClient(item.Name);
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
            }

            foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
            {
                foreach (var chunk in partition.Chunk(TableBatch.MaxActions))
                {
                    await TableBatch.SubmitAsync(table, [.. chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All))], cancellationToken).ConfigureAwait(false);
                }
            }
        }

        (options.SecretStore as MemorySecretStore)?.Clear();
    }

    private void ConfigureClient(ClientOptions client, HttpPipelinePolicy? storagePolicy)
    {
        if (options.StoragePolicy is { } deploymentPolicy)
        {
            client.AddPolicy(deploymentPolicy, HttpPipelinePosition.PerCall);
        }

        if (storagePolicy is not null)
        {
            client.AddPolicy(storagePolicy, HttpPipelinePosition.PerCall);
        }

        if (options.KeyVault is { } vault && client is SecretClientOptions secrets)
        {
            // The challenge names vault.azure.net, which 127.0.0.1 is not a subdomain of; the fake's certificate is self-signed.
            secrets.DisableChallengeResourceVerification = true;
            secrets.Transport = new HttpClientTransport(vault.CreateTrustingHandler());
        }
    }
}
