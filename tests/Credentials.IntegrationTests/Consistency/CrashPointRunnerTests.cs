using Azure.Data.Tables;
using Credentials.Core.Storage;
using Credentials.TestSupport;
using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Crashes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Credentials.IntegrationTests.Consistency;

[Collection(ConsistencyCollection.Name)]
public class CrashPointRunnerTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Partition = "runner-test";

    [Fact]
    public async Task EachCrashPointStartsFromFreshStateAndLeavesExactlyTheCallsBeforeIt()
    {
        var deployment = new ServiceDeployment(azurite.TableConnectionString);
        var runner = new CrashPointRunner(deployment, output.WriteLine);
        var arranged = 0;
        var seen = new List<(int Point, int Rows)>();

        var report = await runner.RunAsync(
            "three inserts",
            async d =>
            {
                Assert.Empty(await RowKeysAsync(d));
                arranged++;
                return arranged;
            },
            async (services, _) =>
            {
                var table = await services.GetRequiredService<TableProvider>().GetTableAsync(TableNames.Users);
                foreach (var row in new[] { "1", "2", "3" })
                {
                    await table.AddEntityAsync(new TableEntity(Partition, row));
                }
            },
            async (point, _) => seen.Add((point.Number, (await RowKeysAsync(deployment)).Count)));

        Assert.Equal(3, report.CrashPoints);
        Assert.Equal(new[] { "1", "2", "3" }.Select(row => $"POST users(PartitionKey='{Partition}',RowKey='{row}')"), report.StorageCalls);
        Assert.Equal([(1, 0), (2, 1), (3, 2)], seen);
        Assert.Equal(4, arranged);
    }

    [Fact]
    public async Task AnOperationThatMakesFewerCallsThanItsCountingRunIsReported()
    {
        var deployment = new ServiceDeployment(azurite.TableConnectionString);
        var runner = new CrashPointRunner(deployment, output.WriteLine);
        var runs = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(
            "shrinking",
            _ => Task.CompletedTask,
            async services =>
            {
                var table = await services.GetRequiredService<TableProvider>().GetTableAsync(TableNames.Users);
                await table.AddEntityAsync(new TableEntity(Partition, "1"));
                if (runs++ == 0)
                {
                    await table.AddEntityAsync(new TableEntity(Partition, "2"));
                }
            },
            () => Task.CompletedTask));

        Assert.Contains("never reached crash point 2/2", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> RowKeysAsync(ServiceDeployment deployment)
    {
        var keys = new List<string>();
        await foreach (var row in deployment.Tables.GetTableClient(TableNames.Users).QueryAsync<TableEntity>(r => r.PartitionKey == Partition))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }
}
