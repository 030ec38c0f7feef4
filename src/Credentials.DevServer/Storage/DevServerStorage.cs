using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Credentials.DevServer.Storage;

/// <summary>
/// The Table Storage a DevServer run uses, decided before the app is built and said in the banner. Unless a storage setting is
/// configured, DevServer runs its own Azurite (tables only) on its own data folder, on a free port unless one is configured; an
/// Azurite it finds already running on that folder (left by a killed DevServer, or used by another one) is reused rather than
/// a second one started on the same files. A configured connection is used as it is, and nothing is started.
/// </summary>
public sealed class DevServerStorage : IAsyncDisposable
{
    /// <summary>The data folder setting (default: <c>.azurite/</c> at the repository root).</summary>
    public const string DataFolderKey = "DevServer:AzuriteDataFolder";

    /// <summary>The table port setting (default: a free port).</summary>
    public const string TablePortKey = "DevServer:AzuriteTablePort";

    private readonly AzuriteLauncher? started;
    private readonly int? adoptedPid;

    private DevServerStorage(string? connectionString, string description, string? dataFolder, AzuriteLauncher? started = null, int? adoptedPid = null)
    {
        ConnectionString = connectionString;
        Description = description;
        DataFolder = dataFolder;
        this.started = started;
        this.adoptedPid = adoptedPid;
    }

    /// <summary>The connection string of DevServer's Azurite; null when a configured storage is used.</summary>
    public string? ConnectionString { get; }

    /// <summary>One line for the banner: which storage, and how DevServer came to use it.</summary>
    public string Description { get; }

    /// <summary>The Azurite data folder, or null when a configured storage is used.</summary>
    public string? DataFolder { get; }

    /// <summary>Decides (and when needed starts) the storage for <paramref name="configuration"/>, read before any defaults are added.</summary>
    /// <exception cref="InvalidOperationException">The configured table port is taken by something else, or Azurite cannot start (the message says why).</exception>
    public static async Task<DevServerStorage> PrepareAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var key in DevelopmentStorage.SettingKeys)
        {
            if (!string.IsNullOrWhiteSpace(configuration[key]))
            {
                return new DevServerStorage(null, $"the configured {key}: {Describe(configuration[key]!)}; DevServer starts no Azurite", null);
            }
        }

        var root = RepositoryRoot.Find();
        var folder = Path.GetFullPath(configuration[DataFolderKey] is { Length: > 0 } configured ? configured : Path.Combine(root, ".azurite"));
        Directory.CreateDirectory(folder);
        if (AzuriteMarker.Read(folder) is { } marker)
        {
            if (marker.AzuriteIsRunning && await AzuriteLauncher.IsListeningAsync(marker.TablePort, cancellationToken))
            {
                var where = $"Azurite (pid {marker.AzuritePid}) at http://127.0.0.1:{marker.TablePort}, data in {folder}";
                if (marker.OwnerIsRunning && marker.OwnerPid != Environment.ProcessId)
                {
                    return new DevServerStorage(AzuriteLauncher.ConnectionStringFor(marker.TablePort), $"{where}: shared with the DevServer running as pid {marker.OwnerPid}", folder);
                }

                marker.OwnedByThisProcess().Write(folder);
                return new DevServerStorage(AzuriteLauncher.ConnectionStringFor(marker.TablePort), $"{where}: left running by an earlier DevServer, reused (stopped on exit)", folder, adoptedPid: marker.AzuritePid);
            }

            AzuriteMarker.Delete(folder);
        }

        var configuredPort = configuration.GetValue<int>(TablePortKey);
        var port = configuredPort > 0 ? configuredPort : AzuriteLaunchOptions.FreeLoopbackPort();
        if (await AzuriteLauncher.IsListeningAsync(port, cancellationToken))
        {
            throw new InvalidOperationException(
                $"Port {port} (DevServer__AzuriteTablePort) is in use by a program DevServer did not start. Free it, unset the setting for a free port, or set AzureWebJobsStorage to use that program's storage on purpose.");
        }

        var launcher = await AzuriteLauncher.StartAsync(new AzuriteLaunchOptions { TablesOnly = true, TablePort = port, Location = folder, RepositoryRoot = root }, cancellationToken);
        new AzuriteMarker(launcher.ProcessId!.Value, launcher.ProcessStartTime!.Value, port, 0, default).OwnedByThisProcess().Write(folder);
        return new DevServerStorage(launcher.ConnectionString, $"Azurite (pid {launcher.ProcessId}) started by DevServer at http://127.0.0.1:{port}, data in {folder} (stopped on exit)", folder, started: launcher);
    }

    /// <summary>Where a connection string points, without its key: an endpoint, an account, or Azurite's default ports.</summary>
    public static string Describe(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (DevelopmentStorage.IsDevelopmentStorage(connectionString))
        {
            return "UseDevelopmentStorage=true (an Azurite on its default ports, tables at http://127.0.0.1:10002)";
        }

        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri.GetLeftPart(UriPartial.Path);
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("TableEndpoint", out var endpoint) ? $"TableEndpoint={endpoint}"
            : parts.TryGetValue("AccountName", out var account) ? $"the account {account}"
            : "a connection string";
    }

    /// <summary>Stops the Azurite this run started or adopted and removes its marker; a shared or configured one is left alone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (started is not null)
        {
            await started.DisposeAsync();
        }
        else if (adoptedPid is { } pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
        else
        {
            return;
        }

        if (DataFolder is not null)
        {
            AzuriteMarker.Delete(DataFolder);
        }
    }
}
