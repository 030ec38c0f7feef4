using System.Text;
using Azure.Data.Tables;
using Credentials.Core.OAuth;
using Credentials.Core.Proxy;
using Credentials.Core.Refresh;
using Credentials.Core.Secrets;
using Credentials.Core.Storage;
using Credentials.Core.Tenancy;
using Credentials.Core.Webhooks;
using Credentials.TestSupport;
using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Crashes;
using Credentials.TestSupport.KeyVault;

namespace Credentials.IntegrationTests.Consistency;

[Collection(ConsistencyCollection.Name)]
public class ServiceDeploymentTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EveryStorageCallOfTheRealServiceGoesThroughTheProcessPolicy()
    {
        var deployment = new ServiceDeployment(azurite.TableConnectionString);
        var counter = new CrashPolicy();
        await using var process = deployment.StartProcess(counter);

        await process.WarmUpAsync();
        Assert.Contains("POST Tables", counter.Calls);
        counter.Restart();
        var (tenant, key) = await process.GetRequiredService<TenantService>().CreateTenantAsync("Counted");

        // The tenant row, the key listing row, the key lookup row.
        Assert.Equal(
            [
                $"POST tenants(PartitionKey='{tenant.TenantId}',RowKey='tenant')",
                $"POST tenants(PartitionKey='{tenant.TenantId}',RowKey='key|{key.KeyId}')",
                $"POST apikeys(PartitionKey='{key.KeyId}',RowKey='')",
            ],
            counter.Calls);

        // The Local secret store keeps its ciphertexts in a table: its calls are storage calls too.
        counter.Restart();
        await process.GetRequiredService<ISecretStore>().SetAsync(new SecretAddress(tenant.TenantId, "owner-1", "test"), Encoding.UTF8.GetBytes("{}"));
        Assert.Equal(["PUT secrets(PartitionKey='owner-1',RowKey='')"], counter.Calls);

        await using var dead = deployment.StartProcess(new CrashPolicy(crashAt: 1));
        await Assert.ThrowsAsync<SimulatedCrashException>(() => dead.GetRequiredService<TenantService>().CreateTenantAsync("Never"));
    }

    [Fact]
    public async Task EachProcessHasItsOwnSingletonsOverTheSameStoresAndClock()
    {
        var deployment = new ServiceDeployment(azurite.TableConnectionString);
        var first = deployment.StartProcess(new CrashPolicy(crashAt: 1));
        await using var second = deployment.StartProcess();

        Assert.NotSame(first.GetRequiredService<RefreshService>(), second.GetRequiredService<RefreshService>());
        Assert.NotSame(first.GetRequiredService<TableProvider>(), second.GetRequiredService<TableProvider>());
        Assert.NotSame(first.GetRequiredService<TableServiceClient>(), second.GetRequiredService<TableServiceClient>());
        Assert.Same(deployment.Clock, first.GetRequiredService<TimeProvider>());
        Assert.Same(deployment.Clock, second.GetRequiredService<TimeProvider>());

        // The first process is dead; the second is not, and keeps working once the first is gone.
        await Assert.ThrowsAsync<SimulatedCrashException>(() => first.GetRequiredService<TenantService>().CreateTenantAsync("Dead"));
        await first.DisposeAsync();
        var (tenant, _) = await second.GetRequiredService<TenantService>().CreateTenantAsync("Alive");

        // A third process sees what the second stored, at the deployment's time.
        await using var third = deployment.StartProcess();
        deployment.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("Alive", (await third.GetRequiredService<TenantService>().GetTenantAsync(tenant.TenantId)).Name);
        Assert.Equal(deployment.Clock.GetUtcNow(), third.GetRequiredService<TimeProvider>().GetUtcNow());
    }

    [Fact]
    public async Task EveryNamedProviderClientSendsToTheDeploymentHandler()
    {
        var provider = new RecordingProviderHandler();
        var deployment = new ServiceDeployment(azurite.TableConnectionString, new ServiceDeploymentOptions { ProviderHandler = provider });
        string[] names = [TokenEndpointClient.HttpClientName, TokenRevoker.HttpClientName, UpstreamClient.HttpClientName, ProviderMetadataReader.HttpClientName, WebhookSender.HttpClientName];

        foreach (var _ in Enumerable.Range(0, 2))
        {
            // Two processes: disposing the first must leave the shared handler usable by the second.
            await using var process = deployment.StartProcess();
            var factory = process.GetRequiredService<IHttpClientFactory>();
            foreach (var name in names)
            {
                using var client = factory.CreateClient(name);
                using var response = await client.GetAsync(new Uri("https://provider.example.test/" + name));
                Assert.True(response.IsSuccessStatusCode, name);
            }
        }

        Assert.Equal([.. names, .. names], provider.Requests.Select(u => u.AbsolutePath.TrimStart('/')));
    }

    [Fact]
    public async Task KeyVaultModeUsesTheServiceSecretClientRegistrationBehindThePolicy()
    {
        await using var vault = await FakeKeyVaultServer.StartAsync();
        var deployment = new ServiceDeployment(azurite.TableConnectionString, new ServiceDeploymentOptions { KeyVault = vault });
        var counter = new CrashPolicy();
        await using var process = deployment.StartProcess(counter);
        var secrets = Assert.IsType<KeyVaultSecretStore>(process.GetRequiredService<ISecretStore>());
        var owner = "owner-" + Guid.NewGuid().ToString("N")[..8];
        var address = new SecretAddress("ten-x", owner, "test");

        await secrets.SetAsync(address, Encoding.UTF8.GetBytes("{}"));
        Assert.Single(vault.GetVersions("cred-" + owner));

        // One logical call however many requests the challenge authentication took.
        Assert.Equal([$"PUT secrets/cred-{owner}"], counter.Calls);

        counter.Arm(1);
        var requests = vault.Requests.Count;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => secrets.GetAsync(address));
        Assert.Equal(requests, vault.Requests.Count);
    }

    [Fact]
    public async Task ResetStorageEmptiesEveryTableAndTheSharedMemorySecretStore()
    {
        var memory = new MemorySecretStore();
        var deployment = new ServiceDeployment(azurite.TableConnectionString, new ServiceDeploymentOptions { SecretStore = memory });
        await using (var process = deployment.StartProcess())
        {
            var (tenant, _) = await process.GetRequiredService<TenantService>().CreateTenantAsync("Wiped");
            await process.GetRequiredService<WebhookSecretService>().RotateAsync(tenant.TenantId);
        }

        Assert.NotEmpty(memory.OwnerIds);

        await deployment.ResetStorageAsync();

        Assert.Empty(memory.OwnerIds);
        await foreach (var table in deployment.Tables.QueryAsync())
        {
            await foreach (var row in deployment.Tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                Assert.Fail($"{table.Name} still holds {row.PartitionKey}/{row.RowKey}");
            }
        }
    }
}
