using System.Text.Json;
using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.UseCases;
using Credentials.TestSupport;
using Credentials.TestSupport.Consistency;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>In the inline modes a credential whose bundle does not fit its row is refused before anything is written.</summary>
[Collection(ConsistencyCollection.Name)]
public class SealedBundleLimitTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ACreateWhoseSecretsDoNotFitTheRowIsA400AndWritesNothing()
    {
        using var world = new ConsistencyWorld(azurite.TableConnectionString, SecretStoreKind.Local);
        await world.Deployment.ResetStorageAsync();
        await using var process = world.Deployment.StartProcess();
        var tenant = await ConsistencyWorld.SeedTenantAsync(process);
        var userId = await ConsistencyWorld.SeedUserAsync(process, tenant);
        var before = await StoredState.ReadAsync(world.Deployment.Tables, () => StoredState.SecretOwnersAsync(world.Deployment.Tables));
        var body = JsonSerializer.SerializeToElement(new
        {
            userId,
            connectorId = ConsistencyWorld.OAuthConnector,
            authenticationType = "apiKey",
            data = new { apiKey = new string('k', SealedBundleLimit.MaxBundleBytes) },
        });

        var refused = await Assert.ThrowsAsync<ServiceException>(() => process.GetRequiredService<CredentialService>().CreateAsync(tenant, CreateCredentialRequest.Read(body)));

        Assert.Equal(ErrorCodes.ValidationFailed, refused.Code);
        var after = await StoredState.ReadAsync(world.Deployment.Tables, () => StoredState.SecretOwnersAsync(world.Deployment.Tables));
        Assert.Equal(before.Credentials.Count, after.Credentials.Count);
        Assert.Equal(before.DueEntries.Count, after.DueEntries.Count);
        Assert.Equal(before.Outbox.Count, after.Outbox.Count);
        Assert.Empty(after.SecretOwners);
    }
}
