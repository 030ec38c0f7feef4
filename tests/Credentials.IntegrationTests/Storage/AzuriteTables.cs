using Azure.Data.Tables;
using Credentials.Core.Storage;
using Credentials.DevServer.Storage;

namespace Credentials.IntegrationTests.Storage;

/// <summary>One Azurite (tables only, in memory, free port) for the storage tests of this assembly.</summary>
public sealed class AzuriteTables : IAsyncLifetime
{
    private AzuriteLauncher? azurite;

    /// <summary>A service client for the running Azurite.</summary>
    public TableServiceClient Service { get; private set; } = null!;

    /// <summary>The connection string of the running Azurite (for clients with their own options).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A fresh provider (fresh per-process table cache).</summary>
    public TableProvider NewProvider() => new(Service);

    public async Task InitializeAsync()
    {
        azurite = await AzuriteLauncher.StartAsync(AzuriteLaunchOptions.ForTests());
        ConnectionString = azurite.ConnectionString;
        Service = new TableServiceClient(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteTables>
{
    public const string Name = "azurite";
}
