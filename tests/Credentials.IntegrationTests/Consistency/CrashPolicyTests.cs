using System.Text;
using Azure.Core;
using Azure.Data.Tables;
using Credentials.Core.Secrets;
using Credentials.TestSupport;
using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Crashes;

namespace Credentials.IntegrationTests.Consistency;

[Collection(ConsistencyCollection.Name)]
public class CrashPolicyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task UnarmedItOnlyCountsAndDescribesEachCall()
    {
        var crashes = new CrashPolicy();
        var name = UniqueName();
        var table = Client(crashes).GetTableClient(name);

        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p", "r1"));
        await table.GetEntityAsync<TableEntity>("p", "r1");
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == "p"))
        {
        }

        Assert.Equal(["POST Tables", $"POST {name}(PartitionKey='p',RowKey='r1')", $"GET {name}(PartitionKey='p',RowKey='r1')", $"GET {name}()"], crashes.Calls);
        Assert.Equal(4, crashes.Count);
        Assert.False(crashes.HasCrashed);
        Assert.Null(crashes.CrashAt);
    }

    [Fact]
    public async Task ATransactionIsOneCallDescribedByItsOperations()
    {
        var name = UniqueName();
        var inspect = azurite.CreateTableServiceClient().GetTableClient(name);
        await inspect.CreateAsync();
        await inspect.AddEntityAsync(new TableEntity("p", "old"));
        var crashes = new CrashPolicy();
        var table = Client(crashes).GetTableClient(name);

        await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upserted")),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("p", "old")),
        ]);

        Assert.Equal([$"POST $batch [POST {name}(PartitionKey='p',RowKey='new'); PUT {name}(PartitionKey='p',RowKey='upserted'); DELETE {name}(PartitionKey='p',RowKey='old')]"], crashes.Calls);
    }

    [Fact]
    public async Task ArmedAtNItRefusesCallNAndEveryLaterCallBeforeItIsSent()
    {
        var name = UniqueName();
        var inspect = azurite.CreateTableServiceClient().GetTableClient(name);
        await inspect.CreateAsync();
        var crashes = new CrashPolicy(crashAt: 2);
        var table = Client(crashes).GetTableClient(name);

        await table.AddEntityAsync(new TableEntity("p", "1"));
        await Assert.ThrowsAsync<SimulatedCrashException>(() => table.AddEntityAsync(new TableEntity("p", "2")));

        // Clean-up after the crash (a catch or finally that undoes call 1) is refused as well: the process is dead.
        await Assert.ThrowsAsync<SimulatedCrashException>(() => table.DeleteEntityAsync("p", "1"));
        await Assert.ThrowsAsync<SimulatedCrashException>(() => table.GetEntityAsync<TableEntity>("p", "1"));

        Assert.True(crashes.HasCrashed);
        Assert.Equal(4, crashes.Count);
        Assert.Equal(["1"], await RowKeysAsync(inspect));
    }

    [Fact]
    public async Task ACallTheSdkRetriesCountsOnceAndACrashIsNeverRetried()
    {
        var name = UniqueName();
        await azurite.CreateTableServiceClient().CreateTableAsync(name);
        var crashes = new CrashPolicy();
        var wire = new FlakyTransportPolicy(failFirst: 1);
        var options = new TableClientOptions();
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.Delay = TimeSpan.Zero;
        options.AddPolicy(crashes, HttpPipelinePosition.PerCall);
        options.AddPolicy(wire, HttpPipelinePosition.PerRetry);
        var table = new TableServiceClient(azurite.TableConnectionString, options).GetTableClient(name);

        await table.AddEntityAsync(new TableEntity("p", "1"));
        Assert.Equal(2, wire.Attempts);
        Assert.Equal(1, crashes.Count);

        crashes.Arm(1);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => table.AddEntityAsync(new TableEntity("p", "2")));
        Assert.Equal(2, wire.Attempts);
        Assert.Equal(1, crashes.Count);
    }

    [Fact]
    public async Task TheCrashingSecretStoreCountsAndCrashesOnTheSameCounter()
    {
        var name = UniqueName();
        await azurite.CreateTableServiceClient().CreateTableAsync(name);
        var crashes = new CrashPolicy();
        var memory = new MemorySecretStore();
        var secrets = new CrashingSecretStore(memory, crashes);
        var table = Client(crashes).GetTableClient(name);
        var address = new SecretAddress("ten-x", "owner-1", "test");

        await table.AddEntityAsync(new TableEntity("p", "1"));
        await secrets.SetAsync(address, Encoding.UTF8.GetBytes("{}"));
        await secrets.GetAsync(address);
        Assert.Equal([$"POST {name}(PartitionKey='p',RowKey='1')", "SET secret owner-1", "GET secret owner-1"], crashes.Calls);

        crashes.Arm(2);
        await table.AddEntityAsync(new TableEntity("p", "2"));
        await Assert.ThrowsAsync<SimulatedCrashException>(() => secrets.DeleteAsync(address));
        await Assert.ThrowsAsync<SimulatedCrashException>(() => table.AddEntityAsync(new TableEntity("p", "3")));
        Assert.Equal(["owner-1"], memory.OwnerIds);
    }

    private TableServiceClient Client(CrashPolicy crashes)
    {
        var options = new TableClientOptions();
        options.AddPolicy(crashes, HttpPipelinePosition.PerCall);
        return new TableServiceClient(azurite.TableConnectionString, options);
    }

    private static string UniqueName() => "crash" + Guid.NewGuid().ToString("N")[..16];

    private static async Task<List<string>> RowKeysAsync(TableClient table)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }
}
