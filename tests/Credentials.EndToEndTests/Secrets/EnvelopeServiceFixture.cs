using Credentials.Core.Configuration;
using Credentials.Core.Secrets;
using Credentials.TestSupport.KeyVault;
using Credentials.TestSupport.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.EndToEndTests.Secrets;

/// <summary>The service in Envelope mode over real HTTP, its data keys in the in-test Key Vault fake (the real SecretClient, no retries).</summary>
public sealed class EnvelopeServiceFixture : ServiceFixture
{
    /// <summary>The fake vault holding the tenants' data keys.</summary>
    public FakeKeyVaultServer Vault { get; private set; } = null!;

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Credentials:SecretStore"] = nameof(SecretStoreKind.Envelope),
        ["Credentials:KeyVaultUri"] = Vault.VaultUri.AbsoluteUri,
    };

    /// <inheritdoc />
    protected override async Task BeforeStartAsync(Uri publicBaseUrl)
    {
        await base.BeforeStartAsync(publicBaseUrl);
        Vault = await FakeKeyVaultServer.StartAsync();
    }

    /// <inheritdoc />
    protected override void Customize(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.Customize(builder);

        // No retries: a throttled vault answers at once, so a test sees the problem the caller gets once the SDK gives up.
        builder.Services.AddSingleton(new TenantDataKeyVault(Vault.CreateSecretClient(o => o.Retry.MaxRetries = 0)));
    }

    /// <inheritdoc />
    protected override async Task AfterStopAsync()
    {
        await base.AfterStopAsync();
        await Vault.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EnvelopeCollection : ICollectionFixture<EnvelopeServiceFixture>
{
    public const string Name = "envelope";
}
