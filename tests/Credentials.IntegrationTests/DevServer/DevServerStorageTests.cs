using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Credentials.DevServer.Storage;
using Microsoft.Extensions.Configuration;

namespace Credentials.IntegrationTests.DevServer;

/// <summary>DevServer's own Azurite: started on its data folder, shared, reused after a kill, never someone else's by accident.</summary>
public sealed class DevServerStorageTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("devserver-azurite-").FullName;

    [Fact]
    public async Task ItStartsItsOwnAzuriteOnItsDataFolderAndStopsItOnExit()
    {
        var storage = await DevServerStorage.PrepareAsync(Configuration());
        var marker = AzuriteMarker.Read(folder);
        try
        {
            Assert.NotNull(marker);
            Assert.Contains("started by DevServer", storage.Description, StringComparison.Ordinal);
            Assert.Contains(folder, storage.Description, StringComparison.Ordinal);
            await new TableServiceClient(storage.ConnectionString).CreateTableIfNotExistsAsync("kept");
        }
        finally
        {
            await storage.DisposeAsync();
        }

        Assert.Null(AzuriteMarker.Read(folder));
        Assert.False(await AzuriteLauncher.IsListeningAsync(marker!.TablePort));
        Assert.NotEmpty(Directory.EnumerateFiles(folder, "__azurite_db_table__*"));
    }

    [Fact]
    public async Task AnAzuriteLeftByAKilledDevServerIsReusedWithItsDataAndStoppedOnExit()
    {
        await using var first = await DevServerStorage.PrepareAsync(Configuration());
        await new TableServiceClient(first.ConnectionString).CreateTableIfNotExistsAsync("survivor");
        var left = AzuriteMarker.Read(folder)!;

        // The DevServer that started it is gone: its marker names a process that has exited.
        (left with { OwnerPid = await ExitedProcessIdAsync() }).Write(folder);
        var second = await DevServerStorage.PrepareAsync(Configuration());

        Assert.Contains("reused", second.Description, StringComparison.Ordinal);
        Assert.Equal(first.ConnectionString, second.ConnectionString);
        var tables = new List<string>();
        await foreach (var table in new TableServiceClient(second.ConnectionString).QueryAsync())
        {
            tables.Add(table.Name);
        }

        Assert.Contains("survivor", tables);
        await second.DisposeAsync();
        Assert.False(await AzuriteLauncher.IsListeningAsync(left.TablePort));
    }

    [Fact]
    public async Task AnAzuriteAnotherRunningDevServerOwnsIsSharedAndLeftRunning()
    {
        await using var first = await DevServerStorage.PrepareAsync(Configuration());
        var marker = AzuriteMarker.Read(folder)!;

        // Another live process owns it (the Azurite process itself stands in for that other DevServer).
        (marker with { OwnerPid = marker.AzuritePid, OwnerStartedAt = marker.AzuriteStartedAt }).Write(folder);
        var second = await DevServerStorage.PrepareAsync(Configuration());
        await second.DisposeAsync();

        Assert.Contains("shared", second.Description, StringComparison.Ordinal);
        Assert.True(await AzuriteLauncher.IsListeningAsync(marker.TablePort));
        Assert.NotNull(AzuriteMarker.Read(folder));
    }

    [Fact]
    public async Task AFixedTablePortSomethingElseHoldsIsRefusedNotUsed()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DevServerStorage.PrepareAsync(Configuration(port)));

        Assert.Contains($"Port {port}", refused.Message, StringComparison.Ordinal);
        Assert.Null(AzuriteMarker.Read(folder));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private IConfiguration Configuration(int? port = null) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [DevServerStorage.DataFolderKey] = folder,
        [DevServerStorage.TablePortKey] = port?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }).Build();

    private static async Task<int> ExitedProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
