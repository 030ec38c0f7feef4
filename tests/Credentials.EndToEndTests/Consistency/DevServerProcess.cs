using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// DevServer as its own OS process (<c>dotnet Credentials.DevServer.dll --urls ...</c>) on a fixed loopback port, with its
/// settings as environment variables. It can be killed with SIGKILL and started again on the same port with the same
/// settings. Its output goes to a log file.
/// </summary>
public sealed class DevServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan HealthPoll = TimeSpan.FromMilliseconds(100);
    private static readonly string[] InheritedPrefixesRemoved = ["Credentials__", "AzureWebJobs", "AzureFunctionsJobHost__", "ASPNETCORE_", "DOTNET_ENVIRONMENT"];

    private readonly string assemblyPath;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly StreamWriter log;
    private readonly Lock logLock = new();
    private readonly HttpClient health;
    private Process? process;
    private bool logClosed;

    /// <param name="port">The loopback port it listens on, the same across restarts.</param>
    /// <param name="settings">Configuration keys (<c>Credentials:LocalSecretKey</c>, <c>RefreshSchedule</c>) and values.</param>
    /// <param name="logPath">Where its standard output and error are appended.</param>
    public DevServerProcess(int port, IReadOnlyDictionary<string, string> settings, string logPath)
    {
        ArgumentNullException.ThrowIfNull(settings);
        assemblyPath = DevServerBuildOutput.AssemblyPath();
        this.settings = settings;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        LogPath = logPath;
        log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        health = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
    }

    /// <summary>The service root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The log file.</summary>
    public string LogPath { get; }

    /// <summary>How many times it was started.</summary>
    public int Starts { get; private set; }

    /// <summary>How long the latest start took until <c>/api/health</c> answered.</summary>
    public TimeSpan LastStartDuration { get; private set; }

    /// <summary>Starts the process and waits until <c>GET /api/health</c> answers 200.</summary>
    /// <exception cref="InvalidOperationException">It is already running, or it exited before answering.</exception>
    /// <exception cref="TimeoutException">It did not answer within <paramref name="deadline"/>.</exception>
    public async Task StartAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        if (process is { HasExited: false })
        {
            throw new InvalidOperationException("DevServer is already running.");
        }

        process?.Dispose();
        Starts++;
        WriteLog($"--- start {Starts.ToString(CultureInfo.InvariantCulture)} at {DateTimeOffset.UtcNow:O}");
        var started = Stopwatch.StartNew();
        process = new Process { StartInfo = StartInfo() };
        process.OutputDataReceived += (_, e) => WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        while (!await IsHealthyAsync(cancellationToken))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"DevServer exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)} before answering; see {LogPath}.");
            }

            if (started.Elapsed > deadline)
            {
                throw new TimeoutException($"DevServer did not answer /api/health within {deadline.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; see {LogPath}.");
            }

            await Task.Delay(HealthPoll, cancellationToken);
        }

        LastStartDuration = started.Elapsed;
    }

    /// <summary>SIGKILL: the process ends at once, whatever it was doing; waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (process is not { } running)
        {
            return;
        }

        try
        {
            running.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting on its own right now.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await running.WaitForExitAsync(timeout.Token);
        WriteLog($"--- killed at {DateTimeOffset.UtcNow:O}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
        health.Dispose();
        lock (logLock)
        {
            logClosed = true;
            log.Dispose();
        }
    }

    private async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await health.GetAsync(new Uri("api/health", UriKind.Relative), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(assemblyPath);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(BaseAddress.AbsoluteUri.TrimEnd('/'));

        // Only what this harness sets reaches the service: nothing from the test runner's environment.
        foreach (var name in startInfo.Environment.Keys.Where(name => InheritedPrefixesRemoved.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return startInfo;
    }

    // The dotnet host running these tests, so DevServer runs on the same runtime.
    private static string DotnetHost()
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private void WriteLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logLock)
        {
            if (!logClosed)
            {
                log.WriteLine(line);
            }
        }
    }
}
