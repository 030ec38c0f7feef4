using System.Net;
using System.Net.Sockets;

namespace Credentials.DevServer.Storage;

/// <summary>How <see cref="AzuriteLauncher"/> starts Azurite.</summary>
public sealed class AzuriteLaunchOptions
{
    /// <summary>The table service port (Azurite's default: 10002).</summary>
    public int TablePort { get; init; } = 10002;

    /// <summary>The blob service port (Azurite's default: 10000); unused when <see cref="TablesOnly"/>.</summary>
    public int BlobPort { get; init; } = 10000;

    /// <summary>The queue service port (Azurite's default: 10001); unused when <see cref="TablesOnly"/>.</summary>
    public int QueuePort { get; init; } = 10001;

    /// <summary>Start only the table service (<c>azurite-table</c>), which is all the service uses.</summary>
    public bool TablesOnly { get; init; }

    /// <summary>Keep data in memory only (<c>--inMemoryPersistence</c>); <see cref="Location"/> is then ignored.</summary>
    public bool InMemory { get; init; }

    /// <summary>The data folder; null means <c>.azurite/</c> at the repository root (git-ignored), so restarts keep data.</summary>
    public string? Location { get; init; }

    /// <summary>The folder holding package.json and node_modules; null means found by walking up from the build output.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>How long to wait for the table port to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every service on the default ports with data in <c>.azurite/</c>: what <c>UseDevelopmentStorage=true</c> expects.</summary>
    public static AzuriteLaunchOptions ForDevelopmentStorage() => new();

    /// <summary>Tables only, in memory, on a free loopback port.</summary>
    public static AzuriteLaunchOptions ForTests() => new() { TablesOnly = true, InMemory = true, TablePort = FreeLoopbackPort() };

    /// <summary>A port that was free a moment ago (bound to port 0, then released).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
