using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Credentials;
using Credentials.Core.Idempotency;
using Credentials.Core.Limits;
using Credentials.Core.Network;
using Credentials.Core.OAuth;
using Credentials.Core.Proxy;
using Credentials.Core.Refresh;
using Credentials.Core.Secrets;
using Credentials.Core.Storage;
using Credentials.Core.Tenancy;
using Credentials.Core.UseCases;
using Credentials.Core.Users;
using Credentials.Core.Webhooks;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Hosting;

/// <summary>Registers the whole service; the Functions app and DevServer both call this one method.</summary>
public static class CredentialsServiceCollectionExtensions
{
    /// <summary>Adds options, Azure clients, stores and services. Does no network I/O.</summary>
    public static IServiceCollection AddCredentialsService(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        services.AddOptions<CredentialsOptions>().Bind(configuration.GetSection(CredentialsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CredentialsOptions>, CredentialsOptionsValidator>();
        services.AddSingleton<IValidateOptions<CredentialsOptions>, LimitOptionsValidator>();
        services.TryAddSingleton(environment);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new ApiRoutes(HttpRoutePrefix.Read(HttpRoutePrefix.HostJsonPath, configuration)));
        services.TryAddSingleton<ProblemTypes>();

        var options = configuration.GetSection(CredentialsOptions.SectionName).Get<CredentialsOptions>() ?? new CredentialsOptions();
        var credential = AzureCredential(configuration);
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(credential);
            var tables = !string.IsNullOrWhiteSpace(options.TableStorage) ? options.TableStorage
                : !string.IsNullOrWhiteSpace(configuration["AzureWebJobsStorage"]) ? configuration["AzureWebJobsStorage"]!
                : "UseDevelopmentStorage=true";
            var isUri = Uri.TryCreate(tables, UriKind.Absolute, out var tableUri) && tableUri.Scheme is "https" or "http";
            Azure.Core.Extensions.IAzureClientBuilder<TableServiceClient, TableClientOptions> AddTables()
                => isUri ? clients.AddTableServiceClient(tableUri!) : clients.AddTableServiceClient(tables);
            AddTables();

            // The same account without the SDK's request logging, for tables keyed by hashes of bearer values (TableProvider.Unlogged).
            AddTables().WithName(TableProvider.UnloggedClientName).ConfigureOptions(o => o.Diagnostics.IsLoggingEnabled = false);

            // KeyVault mode keeps every secret there; Envelope mode only the tenants' data keys.
            if (options.SecretStore is SecretStoreKind.KeyVault or SecretStoreKind.Envelope && options.KeyVaultUri is { } vault)
            {
                clients.AddSecretClient(vault).ConfigureOptions(o =>
                {
                    // Key Vault throttles at about 4,000 operations per 10 s: back off exponentially, honouring Retry-After.
                    o.Retry.Mode = RetryMode.Exponential;
                    o.Retry.MaxRetries = 5;
                    o.Retry.Delay = TimeSpan.FromSeconds(1);
                    o.Retry.MaxDelay = TimeSpan.FromSeconds(16);
                    o.Retry.NetworkTimeout = TimeSpan.FromSeconds(15);
                });
            }
        });

        services.TryAddSingleton(sp => new TableProvider(
            sp.GetRequiredService<TableServiceClient>(),
            sp.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient(TableProvider.UnloggedClientName)));
        if (options.SecretStore == SecretStoreKind.Local)
        {
            services.TryAddSingleton<LocalSecretKeyRing>();
            services.TryAddSingleton<ISecretSealer, LocalSecretSealer>();
            services.TryAddSingleton<ISecretStore>(sp => new TableSecretStore(
                sp.GetRequiredService<TableProvider>(), sp.GetRequiredService<ISecretSealer>(), sp.GetRequiredService<LocalSecretKeyRing>()));
        }
        else if (options.SecretStore == SecretStoreKind.Envelope)
        {
            services.TryAddSingleton<TenantDataKeyVault>();
            services.TryAddSingleton<EnvelopeSecretSealer>();
            services.TryAddSingleton<ISecretSealer>(sp => sp.GetRequiredService<EnvelopeSecretSealer>());
            services.TryAddSingleton<ISecretStore>(sp => new TableSecretStore(sp.GetRequiredService<TableProvider>(), sp.GetRequiredService<ISecretSealer>()));
        }
        else
        {
            services.TryAddSingleton<ISecretStore, KeyVaultSecretStore>();
        }

        services.TryAddSingleton<ConnectorCatalog>();
        services.TryAddSingleton<CreateBodyValidator>();
        services.TryAddSingleton<TenantStore>();
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<CredentialStore>();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<PlatformAdminAuthenticator>();
        services.TryAddSingleton<KeyedRateLimiter>();
        services.TryAddSingleton<TenantLimitsStore>();
        services.TryAddSingleton<TenantLimitsProvider>();
        services.TryAddSingleton<TenantKeyRateLimiter>();
        services.TryAddSingleton<FailedAuthentications>();
        services.TryAddSingleton<RequestAdmission>();
        services.TryAddSingleton<TokenEndpointLimiter>();
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<AuditStore>();
        services.TryAddSingleton<AuditWriter>();
        services.TryAddSingleton<TenantService>();
        services.TryAddSingleton<TenantDataKeys>();
        services.TryAddSingleton<UserService>();
        services.TryAddSingleton<UserDeletion>();
        services.TryAddSingleton<CredentialReaper>();
        services.TryAddSingleton<CredentialService>();
        services.TryAddSingleton<AuthConfigStore>();
        services.TryAddSingleton<AuthConfigService>();
        services.TryAddSingleton<OAuthStateStore>();
        services.TryAddSingleton<TokenEndpointClient>();
        services.TryAddSingleton<ProviderMetadataReader>();
        services.TryAddSingleton<OAuthFlowService>();
        services.TryAddSingleton<OAuthCallbackService>();
        services.TryAddSingleton<RefreshIndexStore>();
        services.TryAddSingleton<CredentialBundles>();
        services.TryAddSingleton<ResealCursorStore>();
        services.TryAddSingleton<BundleResealPass>();
        services.TryAddSingleton<CredentialWriter>();
        services.TryAddSingleton<RotatedSecretWriter>();
        services.TryAddSingleton<SealedRowWriter>();
        services.TryAddSingleton<RefreshCommit>();
        services.TryAddSingleton<RefreshService>();
        services.TryAddSingleton<RefreshSweepService>();
        services.TryAddSingleton<IUsableCredentialSource, UsableCredentialSource>();
        services.TryAddSingleton<WebhookSecretService>();
        services.TryAddSingleton<WebhookDeliveryStore>();
        services.TryAddSingleton<WebhookOutbox>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookDeliveryService>();
        services.TryAddSingleton<TokenRevoker>();
        services.TryAddSingleton(sp => new OAuth1Signer(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ApiAuthApplier>();
        services.TryAddSingleton<UpstreamClient>();
        services.TryAddSingleton<ProxyService>();
        services.TryAddSingleton<ProviderVerifier>();
        services.TryAddSingleton<ReadinessProbe>();
        services.TryAddSingleton<IdempotencyStore>();
        services.TryAddSingleton<IdempotentRequests>();
        services.TryAddSingleton<ConnectSessionStore>();
        services.TryAddSingleton<ConnectSessionAuthenticator>();
        services.TryAddSingleton<ConnectAttemptLimiter>();
        services.TryAddSingleton<ConnectSessionService>();
        services.TryAddSingleton<ConnectPageService>();

        // Every provider client sends a User-Agent (GitHub refuses requests without one): the connector's, else the product's.
        // Token requests are sent once: no retry handler (a replayed refresh with a rotating refresh token kills the grant).
        // Provider endpoints go through the SSRF guard too: their hosts can be templated from end-user fields.
        services.AddHttpClient(TokenEndpointClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => GuardedHttpHandler.Create(options.AllowInsecureLoopback))
            .AddHttpMessageHandler(() => new ProviderUserAgentHandler());

        // Post-connect requests are idempotent GETs: the standard resilience pipeline may retry them.
        services.AddHttpClient(ProviderMetadataReader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => GuardedHttpHandler.Create(options.AllowInsecureLoopback))
            .AddHttpMessageHandler(() => new ProviderUserAgentHandler())
            .AddStandardResilienceHandler();

        // Webhooks go to tenant-chosen URLs: the SSRF guard, no redirects, 10 s. No resilience handler: the outbox retries.
        // No request logging either: webhook URLs often carry the receiver's own token in their path or query.
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = WebhookSender.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => GuardedHttpHandler.Create(options.AllowInsecureLoopback))
            .RemoveAllLoggers();

        // Proxied calls may not be idempotent: no retry handler. UpstreamClient applies Credentials__ProxyTimeoutSeconds itself, so it can
        // tell a timeout from the caller going away. No request logging: a query-parameter credential would be in the logged URL.
        services.AddHttpClient(UpstreamClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => GuardedHttpHandler.Create(options.AllowInsecureLoopback))
            .AddHttpMessageHandler(() => new ProviderUserAgentHandler())
            .RemoveAllLoggers();

        // Revocation is best effort inside a delete: sent once, and not waited for long. Token values can be URL path segments.
        services.AddHttpClient(TokenRevoker.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => GuardedHttpHandler.Create(options.AllowInsecureLoopback))
            .AddHttpMessageHandler(() => new ProviderUserAgentHandler())
            .RemoveAllLoggers();
        services.AddHostedService<StartupChecks>();

        // Audit entries are written behind the requests that record them; the writer also flushes what is left at shutdown.
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        return services;
    }

    // In Azure the app runs as a user-assigned managed identity named by AZURE_CLIENT_ID; elsewhere the developer's own sign-in.
    private static TokenCredential AzureCredential(IConfiguration configuration)
        => configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
}
