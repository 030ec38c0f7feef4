using Azure.Core.Pipeline;
using Credentials.Core.Configuration;
using Credentials.Core.Secrets;
using Credentials.TestSupport.KeyVault;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.TestSupport.Composition;

/// <summary>What every process of a <see cref="ServiceDeployment"/> shares besides the tables: settings, clock, providers, secret store.</summary>
public sealed class ServiceDeploymentOptions
{
    /// <summary>
    /// Configuration overrides by full key, applied over the test defaults, e.g. <c>Credentials:ConnectorsPath</c>,
    /// <c>Credentials:PublicBaseUrl</c> or <c>Credentials:Connectors:{id}:ClientId</c>.
    /// </summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The clock every process reads (registered as <see cref="TimeProvider"/>).</summary>
    public FakeTimeProvider Clock { get; init; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Answers every provider call (token endpoint, revocation, metadata, proxied upstream, webhooks): the primary handler of
    /// all the service's named HttpClients. Null keeps the service's own guarded handlers (real network).
    /// </summary>
    public HttpMessageHandler? ProviderHandler { get; init; }

    /// <summary>
    /// A secret store outside the Azure SDK that all processes share (e.g. <see cref="MemorySecretStore"/>); each process wraps it
    /// in a <see cref="Crashes.CrashingSecretStore"/> when it runs under a <see cref="Crashes.CrashPolicy"/>. Null: the Local store
    /// (ciphertexts in the <c>secrets</c> table) unless <see cref="KeyVault"/> is set.
    /// </summary>
    public ISecretStore? SecretStore { get; init; }

    /// <summary>
    /// Where credential bundles live. <see cref="SecretStoreKind.Local"/> (the default without <see cref="KeyVault"/>): sealed into
    /// the credential rows. <see cref="SecretStoreKind.KeyVault"/>: in a secret store apart from the rows, in the order KeyVault mode
    /// writes them: the fake Key Vault when <see cref="KeyVault"/> is set, else <see cref="SecretStore"/>, else the Local store's
    /// <c>secrets</c> table standing in for the vault. Null: KeyVault with <see cref="KeyVault"/>, else Local.
    /// </summary>
    public SecretStoreKind? Mode { get; init; }

    /// <summary>A fake Key Vault to use as the KeyVault secret store through the real SecretClient registration.</summary>
    public FakeKeyVaultServer? KeyVault { get; init; }

    /// <summary>A policy added per call to the Azure SDK clients of every process (besides each process's own).</summary>
    public HttpPipelinePolicy? StoragePolicy { get; init; }

    /// <summary>Registrations made before the service's own (which are TryAdd), to replace a store or service with a test double.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Logging of each process; none by default.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
