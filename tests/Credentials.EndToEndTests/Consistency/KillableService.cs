using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Credentials.Core.Configuration;
using Credentials.DevServer.Storage;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// The service as the kill test runs it: Azurite as its own process with its data in a temporary folder (never killed: it
/// persists to disk only every few seconds, so killing it would lose writes it acknowledged, which Azure never does), a
/// <see cref="LoopbackProvider"/>, and DevServer as another process on a fixed port with a fixed Local secret key, which is
/// what gets killed and restarted.
/// </summary>
public sealed class KillableService : IAsyncDisposable
{
    public const string AdminKey = "kill-test-platform-admin-key-0123456789abcdef";

    /// <summary>The refresh sweep, which also runs the repair, every 2 seconds.</summary>
    public const string SweepEverySecondTick = "*/2 * * * * *";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly string folder;
    private readonly AzuriteLauncher azurite;
    private readonly LoopbackProvider provider;

    private KillableService(string folder, AzuriteLauncher azurite, LoopbackProvider provider, DevServerProcess devServer)
    {
        this.folder = folder;
        this.azurite = azurite;
        this.provider = provider;
        DevServer = devServer;
    }

    public DevServerProcess DevServer { get; }

    public LoopbackProvider Provider => provider;

    /// <summary>Keep DevServer's log after dispose (for a failed run).</summary>
    public bool KeepLog { get; set; }

    /// <summary>Starts Azurite, the provider and DevServer (healthy on return).</summary>
    /// <param name="extraSettings">More DevServer settings (configuration keys), applied over the harness's own.</param>
    /// <param name="cancellationToken">Bounds the start-up.</param>
    public static async Task<KillableService> StartAsync(IReadOnlyDictionary<string, string> extraSettings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extraSettings);
        var folder = Directory.CreateTempSubdirectory("kill-test-").FullName;
        var connectors = Directory.CreateDirectory(Path.Combine(folder, "connectors")).FullName;
        var provider = await LoopbackProvider.StartAsync();
        await KillTestConnectors.WriteAsync(connectors, provider);
        var azurite = await AzuriteLauncher.StartAsync(
            new AzuriteLaunchOptions { TablesOnly = true, InMemory = false, Location = Path.Combine(folder, "azurite"), TablePort = AzuriteLaunchOptions.FreeLoopbackPort() },
            cancellationToken);

        var port = AzuriteLaunchOptions.FreeLoopbackPort();
        var settings = new Dictionary<string, string>
        {
            // A connection string, not UseDevelopmentStorage=true: DevServer then starts no Azurite of its own.
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Credentials:SecretStore"] = nameof(SecretStoreKind.Local),
            ["Credentials:LocalSecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Credentials:AdminApiKey"] = AdminKey,
            ["Credentials:AllowInsecureLoopback"] = "true",
            ["Credentials:PublicBaseUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"),
            [AppSettings.RefreshSchedule] = SweepEverySecondTick,
            [AppSettings.WebhookSchedule] = "0 */1 * * * *",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",

            // Azure.Core logs every storage request at Information: that would slow the service down and bury the log.
            ["Logging:LogLevel:Azure.Core"] = "Warning",
        };
        foreach (var (key, value) in KillTestConnectors.Settings(connectors).Concat(extraSettings))
        {
            settings[key] = value;
        }

        var devServer = new DevServerProcess(port, settings, Path.Combine(folder, "devserver.log"));
        var service = new KillableService(folder, azurite, provider, devServer);
        try
        {
            await devServer.StartAsync(StartDeadline, cancellationToken);
            return service;
        }
        catch
        {
            service.KeepLog = true;
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL DevServer, then start it again on the same port with the same settings; healthy on return.</summary>
    public async Task KillAndRestartAsync(CancellationToken cancellationToken)
    {
        await DevServer.KillAsync();
        await DevServer.StartAsync(StartDeadline, cancellationToken);
    }

    /// <summary>Creates a tenant through the platform route; returns its id and first API key.</summary>
    public async Task<(string TenantId, string ApiKey)> CreateTenantAsync(string name)
    {
        using var admin = new TenantClient(DevServer.BaseAddress, "platform", AdminKey, TimeSpan.FromSeconds(30));
        var answer = await admin.SendAsync(HttpMethod.Post, "platform/tenants", new { name });
        if (answer.Status != 201)
        {
            throw new InvalidOperationException($"Creating tenant '{name}' answered {answer.Describe()}.");
        }

        return (answer.Text("tenantId")!, answer.Text("apiKey")!);
    }

    /// <summary>The tables, read directly.</summary>
    public TableServiceClient Tables() => new(azurite.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await DevServer.DisposeAsync();
        await azurite.DisposeAsync();
        await provider.DisposeAsync();
        foreach (var part in Directory.EnumerateFileSystemEntries(folder).Where(p => !KeepLog || p != DevServer.LogPath))
        {
            if (Directory.Exists(part))
            {
                Directory.Delete(part, recursive: true);
            }
            else
            {
                File.Delete(part);
            }
        }

        if (!KeepLog)
        {
            Directory.Delete(folder);
        }
    }
}
