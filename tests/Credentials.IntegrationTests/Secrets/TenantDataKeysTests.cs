using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Credentials.IntegrationTests.Storage;
using Credentials.TestSupport.KeyVault;
using Microsoft.Extensions.Options;

namespace Credentials.IntegrationTests.Secrets;

/// <summary>The platform admin's data-key operations: Envelope mode only, known tenants only, rotation then shredding.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TenantDataKeysTests(AzuriteTables azurite) : IAsyncLifetime
{
    private FakeKeyVaultServer vault = null!;

    public async Task InitializeAsync() => vault = await FakeKeyVaultServer.StartAsync();

    public async Task DisposeAsync() => await vault.DisposeAsync();

    [Fact]
    public async Task OutsideEnvelopeModeBothOperationsAreAConflictAndTouchNoVault()
    {
        var options = Options.Create(new CredentialsOptions { SecretStore = SecretStoreKind.KeyVault });
        var tenants = new TenantService(new TenantStore(azurite.NewProvider()), TimeProvider.System, options);
        var (tenant, _) = await tenants.CreateTenantAsync("Not envelope");
        var keys = new TenantDataKeys(tenants, options, TimeProvider.System);

        Assert.Equal(ErrorCodes.Conflict, (await Assert.ThrowsAsync<ServiceException>(() => keys.RotateAsync(tenant.TenantId))).Code);
        Assert.Equal(ErrorCodes.Conflict, (await Assert.ThrowsAsync<ServiceException>(() => keys.ShredAsync(tenant.TenantId))).Code);
        Assert.Empty(vault.Requests);
    }

    [Fact]
    public async Task RotationThenShreddingOfAKnownTenantAndNotFoundForOthers()
    {
        var options = Options.Create(new CredentialsOptions { SecretStore = SecretStoreKind.Envelope, KeyVaultUri = vault.VaultUri });
        var tenants = new TenantService(new TenantStore(azurite.NewProvider()), TimeProvider.System, options);
        var (tenant, _) = await tenants.CreateTenantAsync("Envelope");
        var sealer = new EnvelopeSecretSealer(new TenantDataKeyVault(vault.CreateSecretClient()), options, TimeProvider.System);
        var keys = new TenantDataKeys(tenants, options, TimeProvider.System, sealer);
        var address = new SecretAddress(tenant.TenantId, "crd-x", "github");
        var before = await sealer.SealAsync(address, 1, new byte[] { 1, 2, 3 });

        var rotated = await keys.RotateAsync(tenant.TenantId);
        var deleted = await keys.ShredAsync(tenant.TenantId);

        Assert.NotEqual(before.KeyId, rotated.KeyId);
        Assert.False(deleted.Purged);
        Assert.NotNull(deleted.ScheduledPurgeAt);
        await Assert.ThrowsAsync<DataKeyDeletedException>(() => sealer.OpenAsync(address, 1, before));
        Assert.Equal(ErrorCodes.NotFound, (await Assert.ThrowsAsync<ServiceException>(() => keys.RotateAsync(Credentials.Core.Ids.ResourceIds.New(Credentials.Core.Ids.ResourceIds.Tenant)))).Code);
    }
}
