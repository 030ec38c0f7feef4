using System.Diagnostics;
using System.Globalization;

namespace Credentials.Benchmarks.Support.Http;

/// <summary>
/// DevServer from its own build output as a separate process (<c>dotnet Credentials.DevServer.dll</c>, so it runs with its own
/// runtime settings, server GC included, exactly as <c>dotnet run --project src/Credentials.DevServer</c> does), configured only
/// through the environment variables given, its output appended to a log file.
/// </summary>
public sealed class DevServerProcess : IAsyncDisposable
{
    private static readonly string[] InheritedPrefixes = ["Credentials__", "AzureWebJobs", "AzureFunctionsJobHost__", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "APPLICATIONINSIGHTS_"];
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Lock logLock = new();
    private readonly Queue<string> lastLines = new();
    private readonly List<string> problems = [];
    private int problemCount;
    private bool problemOpen;
    private bool logClosed;

    private DevServerProcess(Process process, StreamWriter log, Uri baseAddress, string logPath)
    {
        this.process = process;
        this.log = log;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    /// <summary>The service root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Where its standard output and error go.</summary>
    public string LogPath { get; }

    /// <summary>How many entries it logged at Warning or above (the console logger's <c>warn:</c>, <c>fail:</c>, <c>crit:</c>).</summary>
    public int ProblemCount
    {
        get
        {
            lock (logLock)
            {
                return problemCount;
            }
        }
    }

    /// <summary>The first few of those entries, each its level line and first message line.</summary>
    public IReadOnlyList<string> FirstProblems
    {
        get
        {
            lock (logLock)
            {
                return [.. problems];
            }
        }
    }

    /// <summary>CPU time the process has used so far (all its threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts DevServer on <paramref name="port"/> with <paramref name="settings"/> (configuration keys such as
    /// <c>Credentials:SecretStore</c>; nothing of this process's own environment that configures the service is passed on) and
    /// waits until <c>GET /api/health</c> answers 200.
    /// </summary>
    /// <exception cref="InvalidOperationException">It exited or did not answer within a minute; its log is named.</exception>
    public static async Task<DevServerProcess> StartAsync(int port, IReadOnlyDictionary<string, string> settings, string logPath)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var assembly = AssemblyPath();
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.AbsoluteUri.TrimEnd('/'));
        foreach (var name in start.Environment.Keys.Where(n => InheritedPrefixes.Any(p => n.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var server = new DevServerProcess(new Process { StartInfo = start }, new StreamWriter(logPath, append: true) { AutoFlush = true }, baseAddress, logPath);
        server.process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server.process.Start();
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(TimeSpan.FromMinutes(1)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the process (it holds nothing that needs a graceful stop: every store is in Azurite).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
        lock (logLock)
        {
            logClosed = true;
            log.Dispose();
        }
    }

    // DevServer's own output for the configuration this program was built in: tests/Credentials.Benchmarks/bin/Release/net10.0
    // -> src/Credentials.DevServer/bin/Release/net10.0 (building the benchmarks builds it: they reference it).
    private static string AssemblyPath()
    {
        var output = AppContext.BaseDirectory;
        for (var folder = new DirectoryInfo(output); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Credentials.Functions.sln")))
            {
                var relative = Path.GetRelativePath(Path.Combine(folder.FullName, "tests", "Credentials.Benchmarks"), output);
                var path = Path.Combine(folder.FullName, "src", "Credentials.DevServer", relative, "Credentials.DevServer.dll");
                return File.Exists(path) ? path : throw new InvalidOperationException($"DevServer is not built at '{path}': build the benchmarks (they build it).");
            }
        }

        throw new InvalidOperationException($"No Credentials.Functions.sln above '{output}': run the benchmarks from the repository's build output.");
    }

    // The dotnet host running this program, so DevServer runs on the same runtime.
    private static string DotnetHost()
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private async Task WaitUntilHealthyAsync(TimeSpan deadline)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"DevServer exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)} before answering:{Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative)).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            if (started.Elapsed > deadline)
            {
                throw new InvalidOperationException($"DevServer did not answer /api/health within {deadline.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s:{Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }
    }

    private string Tail()
    {
        lock (logLock)
        {
            return string.Concat(lastLines.Select(line => Environment.NewLine + "    " + line));
        }
    }

    // The simple console format writes "warn: Category[id]" and the message on the next line.
    private void Classify(string line)
    {
        if (problemOpen)
        {
            problems[^1] += " " + line.Trim();
            problemOpen = false;
        }

        if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            problemCount++;
            if (problems.Count < 3)
            {
                problems.Add(line.Trim());
                problemOpen = true;
            }
        }
    }

    private void Append(string? line)
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

            // The tail goes into a start-up failure's message: the log file is in a folder the section removes.
            lastLines.Enqueue(line);
            if (lastLines.Count > 20)
            {
                lastLines.Dequeue();
            }

            Classify(line);
        }
    }
}
