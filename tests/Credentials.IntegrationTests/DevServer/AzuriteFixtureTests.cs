using Azure.Data.Tables;
using Credentials.TestSupport;

namespace Credentials.IntegrationTests.DevServer;

public class AzuriteFixtureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ATableClientCreatesATableAndRoundTripsAnEntity()
    {
        var table = await azurite.CreateUniqueTableAsync();

        await table.AddEntityAsync(new TableEntity("tenant-1", "row-1") { ["Name"] = "Ada", ["Count"] = 3 });
        var read = await table.GetEntityAsync<TableEntity>("tenant-1", "row-1");

        Assert.Equal("Ada", read.Value.GetString("Name"));
        Assert.Equal(3, read.Value.GetInt32("Count"));
        Assert.Contains($"TableEndpoint=http://127.0.0.1:{azurite.TablePort}/devstoreaccount1", azurite.TableConnectionString, StringComparison.Ordinal);
    }
}
