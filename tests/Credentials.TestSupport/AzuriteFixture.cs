using Azure.Data.Tables;
using Credentials.DevServer.Storage;
using Xunit;

namespace Credentials.TestSupport;

/// <summary>
/// One Azurite table service for a test class or collection: in memory, on a free loopback port, started from the
/// repository's node_modules and stopped at the end.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteLauncher? _azurite;

    /// <summary>The table service port.</summary>
    public int TablePort => Azurite.TablePort;

    /// <summary>A connection string for Azurite's development account on this fixture's table port.</summary>
    public string TableConnectionString => Azurite.ConnectionString;

    private AzuriteLauncher Azurite => _azurite ?? throw new InvalidOperationException("The Azurite fixture has not been initialised.");

    /// <summary>A client for this fixture's table service.</summary>
    public TableServiceClient CreateTableServiceClient() => new(TableConnectionString);

    /// <summary>A table with a name no other test uses, created empty.</summary>
    public async Task<TableClient> CreateUniqueTableAsync(string prefix = "t")
    {
        var table = CreateTableServiceClient().GetTableClient(prefix + Guid.NewGuid().ToString("N")[..20]);
        await table.CreateAsync();
        return table;
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => _azurite = await AzuriteLauncher.StartAsync(AzuriteLaunchOptions.ForTests());

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
