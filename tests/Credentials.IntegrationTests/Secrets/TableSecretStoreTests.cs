using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Secrets;
using Credentials.Core.Storage;
using Credentials.IntegrationTests.Storage;
using Credentials.TestSupport.KeyVault;
using Microsoft.Extensions.Options;

namespace Credentials.IntegrationTests.Secrets;

/// <summary>The one table-backed store of Local and Envelope modes against Azurite: formats, first-format rows, a throttled vault.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableSecretStoreTests(AzuriteTables azurite) : IAsyncLifetime
{
    private FakeKeyVaultServer vault = null!;

    public async Task InitializeAsync() => vault = await FakeKeyVaultServer.StartAsync();

    public async Task DisposeAsync() => await vault.DisposeAsync();

    [Fact]
    public async Task RowsWrittenByTheFirstLocalFormatStillOpenAndNewRowsCarryTheFormatMarker()
    {
        var provider = azurite.NewProvider();
        var ring = new LocalSecretKeyRing(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), []);
        var store = new TableSecretStore(provider, new LocalSecretSealer(ring), ring);
        var old = NewAddress();
        var (keyId, ciphertext) = LegacyLocalCiphertext.Encrypt(ring, old, Encoding.UTF8.GetBytes("first-format"));
        var table = await provider.GetTableAsync(TableNames.Secrets);
        await table.UpsertEntityAsync(new TableEntity(old.OwnerId, string.Empty) { ["TenantId"] = old.TenantId, ["ConnectorId"] = old.ConnectorId, ["KeyId"] = keyId, ["Ciphertext"] = ciphertext });
        var current = NewAddress();

        await store.SetAsync(current, Encoding.UTF8.GetBytes("sealed"));

        Assert.Equal("first-format", Encoding.UTF8.GetString((await store.GetAsync(old))!));
        Assert.Equal("first-format", Encoding.UTF8.GetString((await store.GetAsync(SecretAddress.ForOwner(old.OwnerId)))!));
        Assert.Equal("sealed", Encoding.UTF8.GetString((await store.GetAsync(current))!));
        Assert.Equal(TableSecretStore.SealedFormat, (await table.GetEntityAsync<TableEntity>(current.OwnerId, string.Empty)).Value.GetInt32("Format"));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => new TableSecretStore(provider, new LocalSecretSealer(ring)).GetAsync(old));
    }

    [Fact]
    public async Task EnvelopeRowsOpenOnlyUnderTheirTenantAndOwner()
    {
        var provider = azurite.NewProvider();
        var store = new TableSecretStore(provider, NewSealer());
        var victim = NewAddress();
        var attacker = NewAddress();
        await store.SetAsync(victim, Encoding.UTF8.GetBytes("victim"));
        await store.SetAsync(attacker, Encoding.UTF8.GetBytes("attacker"));

        var table = await provider.GetTableAsync(TableNames.Secrets);
        var row = (await table.GetEntityAsync<TableEntity>(victim.OwnerId, string.Empty)).Value;
        row.PartitionKey = attacker.OwnerId;
        row["TenantId"] = attacker.TenantId;
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace);

        Assert.Equal("victim", Encoding.UTF8.GetString((await new TableSecretStore(provider, NewSealer()).GetAsync(victim))!));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.GetAsync(attacker));
    }

    [Fact]
    public async Task AThrottledVaultRefusesTheWriteWithARetryableProblemAndKeepsThePreviousValue()
    {
        var provider = azurite.NewProvider();
        var address = NewAddress();
        await new TableSecretStore(provider, NewSealer()).SetAsync(address, Encoding.UTF8.GetBytes("v1"));
        var cold = new TableSecretStore(provider, NewSealer(retries: 0));
        vault.FailNextRequests(1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(3));

        var refused = await Assert.ThrowsAsync<ServiceException>(() => cold.SetAsync(address, Encoding.UTF8.GetBytes("v2")));

        Assert.Equal(ErrorCodes.SecretStoreUnavailable, refused.Code);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.RetryAfter);
        Assert.Equal("v1", Encoding.UTF8.GetString((await cold.GetAsync(address))!));
        await cold.SetAsync(address, Encoding.UTF8.GetBytes("v2"));
        Assert.Equal("v2", Encoding.UTF8.GetString((await new TableSecretStore(provider, NewSealer()).GetAsync(address))!));
    }

    [Fact]
    public async Task AShreddedTenantsSecretsAnswerDataKeyDeleted()
    {
        var provider = azurite.NewProvider();
        var sealer = NewSealer();
        var store = new TableSecretStore(provider, sealer);
        var address = NewAddress();
        await store.SetAsync(address, Encoding.UTF8.GetBytes("shred me"));

        await sealer.ShredAsync(address.TenantId);

        var gone = await Assert.ThrowsAsync<DataKeyDeletedException>(() => store.GetAsync(address));
        Assert.Equal(address.TenantId, gone.TenantId);
        await Assert.ThrowsAsync<DataKeyDeletedException>(() => store.SetAsync(address, Encoding.UTF8.GetBytes("again")));
    }

    private EnvelopeSecretSealer NewSealer(int retries = 3)
        => new(new TenantDataKeyVault(vault.CreateSecretClient(o => o.Retry.MaxRetries = retries)), Options.Create(new CredentialsOptions { SecretStore = SecretStoreKind.Envelope }), TimeProvider.System);

    private static SecretAddress NewAddress() => new(ResourceIds.New(ResourceIds.Tenant), ResourceIds.New(ResourceIds.Credential), "stripe");
}
