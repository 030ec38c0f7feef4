using Credentials.DevServer.Storage;
using Microsoft.Extensions.Configuration;

namespace Credentials.UnitTests.DevServer;

public class DevServerStorageTests
{
    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("Credentials:TableStorage")]
    public async Task AConfiguredStorageIsUsedAsItIsAndSaidWithoutItsKey(string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [key] = "DefaultEndpointsProtocol=https;AccountName=prodaccount;AccountKey=c2VjcmV0LWtleS1ub3QtdG8tYmUtcHJpbnRlZA==;",
        }).Build();

        await using var storage = await DevServerStorage.PrepareAsync(configuration);

        Assert.Null(storage.ConnectionString);
        Assert.Null(storage.DataFolder);
        Assert.Contains(key, storage.Description, StringComparison.Ordinal);
        Assert.Contains("prodaccount", storage.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", storage.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "default ports")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=a;AccountKey=k;TableEndpoint=http://127.0.0.1:4000/a;", "TableEndpoint=http://127.0.0.1:4000/a")]
    [InlineData("https://account.table.core.windows.net/?sv=secret-sas", "https://account.table.core.windows.net/")]
    public void DescriptionsNameTheEndpointOnly(string connectionString, string expected)
    {
        var description = DevServerStorage.Describe(connectionString);

        Assert.Contains(expected, description, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", description, StringComparison.Ordinal);
    }
}
