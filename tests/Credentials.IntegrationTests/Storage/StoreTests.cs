using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Credentials;
using Credentials.Core.Ids;
using Credentials.Core.Secrets;
using Credentials.Core.Storage;
using Credentials.Core.Users;

namespace Credentials.IntegrationTests.Storage;

[Collection(AzuriteCollection.Name)]
public class StoreTests(AzuriteTables azurite)
{
    [Fact]
    public async Task TableIsCreatedOnFirstUseAndTheClientReused()
    {
        var provider = azurite.NewProvider();
        var first = await provider.GetTableAsync("lazycreated");
        var second = await provider.GetTableAsync("lazycreated");

        Assert.Same(first, second);
        await first.AddEntityAsync(new TableEntity("p", "r"));
        Assert.True((await first.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
    }

    [Fact]
    public async Task SinglePartitionBatchCommitsAtomically()
    {
        var table = await azurite.NewProvider().GetTableAsync("batches");
        await TableBatch.SubmitAsync(table, [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "b")),
        ]);

        await Assert.ThrowsAsync<TableTransactionFailedException>(() => TableBatch.SubmitAsync(table, [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "c")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "a")),
        ]));
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "c")).HasValue);
    }

    [Fact]
    public async Task UsernameReservationIsUniquePerTenantCaseInsensitivelyAndChangesOnlyUnderItsETag()
    {
        var users = new UserStore(azurite.NewProvider());
        var tenantId = ResourceIds.New(ResourceIds.Tenant);
        var first = new User(ResourceIds.New(ResourceIds.User), tenantId, "Crash", null, DateTimeOffset.UtcNow);
        var etag = await users.ReserveAsync(first, maxUsers: 10);
        Assert.NotNull(etag);

        Assert.Null(await users.ReserveAsync(first with { UserId = ResourceIds.New(ResourceIds.User), Username = "CRASH" }, maxUsers: 10));
        Assert.NotNull(await users.ReserveAsync(first with { UserId = ResourceIds.New(ResourceIds.User), TenantId = ResourceIds.New(ResourceIds.Tenant) }, maxUsers: 10));

        var confirmed = await users.ReplaceReservationAsync(first, confirmed: true, etag!.Value);
        Assert.NotNull(confirmed);
        Assert.Null(await users.ReplaceReservationAsync(first with { UserId = ResourceIds.New(ResourceIds.User) }, confirmed: false, etag.Value));
        var held = await users.GetReservationAsync(tenantId, "crash");
        Assert.Equal(first.UserId, held!.User.UserId);
        Assert.True(held.Confirmed);
    }

    [Fact]
    public async Task CredentialDeleteWithAStaleETagIsRefused()
    {
        var store = new CredentialStore(azurite.NewProvider());
        var userId = ResourceIds.New(ResourceIds.User);
        var credential = new Credential
        {
            CredentialId = ResourceIds.NewCredential(userId),
            TenantId = ResourceIds.New(ResourceIds.Tenant),
            UserId = userId,
            ConnectorId = "stripe",
            AuthenticationType = "apiKey",
            Metadata = new Dictionary<string, string> { ["mode"] = "test" },
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await store.CreateAsync(credential);
        var (read, etag) = (await store.GetAsync(credential.CredentialId))!.Value;
        Assert.Equal("test", read.Metadata["mode"]);

        Assert.False(await store.DeleteAsync(credential.CredentialId, new ETag("W/\"datetime'2000-01-01T00%3A00%3A00Z'\"")));
        Assert.NotNull(await store.GetAsync(credential.CredentialId));
        Assert.True(await store.DeleteAsync(credential.CredentialId, etag));
        Assert.Null(await store.GetAsync(credential.CredentialId));
    }

    [Fact]
    public async Task LocalSecretCopiedToAnotherCredentialsRowDoesNotDecrypt()
    {
        var provider = azurite.NewProvider();
        var ring = new LocalSecretKeyRing(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), []);
        var store = new TableSecretStore(provider, new LocalSecretSealer(ring), ring);
        var tenant = ResourceIds.New(ResourceIds.Tenant);
        var victim = new SecretAddress(tenant, ResourceIds.New(ResourceIds.Credential), "stripe");
        var attacker = new SecretAddress(tenant, ResourceIds.New(ResourceIds.Credential), "stripe");
        await store.SetAsync(victim, Encoding.UTF8.GetBytes("victim-secret"));
        await store.SetAsync(attacker, Encoding.UTF8.GetBytes("attacker"));

        var table = await provider.GetTableAsync(TableNames.Secrets);
        var row = (await table.GetEntityAsync<TableEntity>(victim.OwnerId, string.Empty)).Value;
        row.PartitionKey = attacker.OwnerId;
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace);

        Assert.Equal("victim-secret", Encoding.UTF8.GetString((await store.GetAsync(victim))!));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.GetAsync(attacker));
        await store.DeleteAsync(victim);
        await store.DeleteAsync(victim);
        Assert.Null(await store.GetAsync(victim));
    }
}
