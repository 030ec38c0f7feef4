using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Credentials.DevServer.Storage;

/// <summary>
/// Azurite from the repository's node_modules, started when nothing listens on its table port yet and stopped
/// (process tree killed) on dispose. When something already listens, the launcher uses it and owns nothing.
/// </summary>
public sealed class AzuriteLauncher : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, documented, development only).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int OutputLinesKept = 40;

    private readonly Process? _process;
    private readonly string? _temporaryDirectory;

    private AzuriteLauncher(AzuriteLaunchOptions options, Process? process, string? temporaryDirectory)
    {
        TablePort = options.TablePort;
        BlobPort = options.TablesOnly ? null : options.BlobPort;
        QueuePort = options.TablesOnly ? null : options.QueuePort;
        _process = process;
        _temporaryDirectory = temporaryDirectory;
    }

    /// <summary>The table service port.</summary>
    public int TablePort { get; }

    /// <summary>The blob service port, or null when only tables were started.</summary>
    public int? BlobPort { get; }

    /// <summary>The queue service port, or null when only tables were started.</summary>
    public int? QueuePort { get; }

    /// <summary>The process id of the Azurite this launcher started, or null.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>When the Azurite this launcher started began (with <see cref="ProcessId"/>, what tells it from a later process with the same id).</summary>
    public DateTime? ProcessStartTime => _process?.StartTime.ToUniversalTime();

    /// <summary>True when this launcher started Azurite (and will stop it); false when it found one already listening.</summary>
    public bool StartedProcess => _process is not null;

    /// <summary>A connection string for the account on these ports.</summary>
    public string ConnectionString => ConnectionStringFor(TablePort, BlobPort, QueuePort);

    /// <summary>A connection string for the development account of an Azurite listening on these loopback ports.</summary>
    public static string ConnectionStringFor(int tablePort, int? blobPort = null, int? queuePort = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + (blobPort is { } blob ? $"BlobEndpoint={Endpoint(blob)};" : string.Empty)
        + (queuePort is { } queue ? $"QueueEndpoint={Endpoint(queue)};" : string.Empty)
        + $"TableEndpoint={Endpoint(tablePort)};";

    /// <summary>Starts Azurite as <paramref name="options"/> say, unless something already listens on the table port.</summary>
    /// <exception cref="InvalidOperationException">Azurite is not installed (run npm ci), node is missing, or Azurite exited.</exception>
    /// <exception cref="TimeoutException">The table port did not accept connections within <see cref="AzuriteLaunchOptions.StartTimeout"/>.</exception>
    public static async Task<AzuriteLauncher> StartAsync(AzuriteLaunchOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= AzuriteLaunchOptions.ForDevelopmentStorage();
        if (await IsListeningAsync(options.TablePort, cancellationToken))
        {
            return new AzuriteLauncher(options, process: null, temporaryDirectory: null);
        }

        var root = options.RepositoryRoot ?? Storage.RepositoryRoot.Find();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", options.TablesOnly ? Path.Combine("table", "main.js") : "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed: '{script}' does not exist. Run `npm ci` in '{root}'.");
        }

        // --inMemoryPersistence refuses --location, and Azurite then works in its current directory: give it an empty one.
        var temporaryDirectory = options.InMemory ? Directory.CreateTempSubdirectory("azurite-").FullName : null;
        var workingDirectory = temporaryDirectory ?? options.Location ?? Path.Combine(root, ".azurite");
        Directory.CreateDirectory(workingDirectory);

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = StartInfo(options, script, workingDirectory) };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            DeleteQuietly(temporaryDirectory);
            throw new InvalidOperationException("Could not start `node` (is Node.js 20 on the PATH?) to run Azurite.", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var launcher = new AzuriteLauncher(options, process, temporaryDirectory);
        try
        {
            await WaitUntilListeningAsync(launcher, process, options, output, cancellationToken);
            return launcher;
        }
        catch
        {
            await launcher.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when something accepts TCP connections on the loopback <paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Stops the Azurite this launcher started (the whole process tree); does nothing for one it found running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException or Win32Exception)
            {
                // Already gone, or refusing to die within the bound: nothing more a dispose can do.
            }

            _process.Dispose();
        }

        DeleteQuietly(_temporaryDirectory);
    }

    private static ProcessStartInfo StartInfo(AzuriteLaunchOptions options, string script, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(script);
        AddPort(startInfo, "table", options.TablePort);
        if (!options.TablesOnly)
        {
            AddPort(startInfo, "blob", options.BlobPort);
            AddPort(startInfo, "queue", options.QueuePort);
        }

        if (options.InMemory)
        {
            startInfo.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            startInfo.ArgumentList.Add("--location");
            startInfo.ArgumentList.Add(workingDirectory);
        }

        foreach (var flag in new[] { "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry" })
        {
            startInfo.ArgumentList.Add(flag);
        }

        return startInfo;
    }

    private static void AddPort(ProcessStartInfo startInfo, string service, int port)
    {
        startInfo.ArgumentList.Add($"--{service}Host");
        startInfo.ArgumentList.Add("127.0.0.1");
        startInfo.ArgumentList.Add($"--{service}Port");
        startInfo.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task WaitUntilListeningAsync(
        AzuriteLauncher launcher, Process process, AzuriteLaunchOptions options, ConcurrentQueue<string> output, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await IsListeningAsync(launcher.TablePort, cancellationToken))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on port {launcher.TablePort}:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
            }

            if (elapsed.Elapsed > options.StartTimeout)
            {
                throw new TimeoutException($"Azurite did not listen on port {launcher.TablePort} within {options.StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > OutputLinesKept && output.TryDequeue(out _))
        {
        }
    }

    private static void DeleteQuietly(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Endpoint(int port) => $"http://127.0.0.1:{port}/{AccountName}";
}
