using Credentials.DevServer.Storage;

namespace Credentials.UnitTests.DevServer;

public class AzuriteLauncherTests
{
    [Fact]
    public async Task AMissingAzuriteInstallSaysToRunNpmCi()
    {
        var emptyCheckout = Directory.CreateTempSubdirectory("no-node-modules-").FullName;
        try
        {
            var options = new AzuriteLaunchOptions { TablesOnly = true, InMemory = true, TablePort = AzuriteLaunchOptions.FreeLoopbackPort(), RepositoryRoot = emptyCheckout };

            var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => AzuriteLauncher.StartAsync(options));

            Assert.Contains("npm ci", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(emptyCheckout, recursive: true);
        }
    }

    [Fact]
    public void TheRepositoryRootIsTheFolderWhosePackageJsonPinsAzurite()
    {
        var root = RepositoryRoot.Find();

        Assert.True(File.Exists(Path.Combine(root, "package.json")));
        Assert.True(File.Exists(Path.Combine(root, "host.json")));
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", true)]
    [InlineData("usedevelopmentstorage=TRUE;", true)]
    [InlineData("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://127.0.0.1", true)]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=x", false)]
    [InlineData(null, false)]
    public void RecognisesDevelopmentStorage(string? connectionString, bool expected)
        => Assert.Equal(expected, DevelopmentStorage.IsDevelopmentStorage(connectionString));
}
