using System.Diagnostics;
using Credentials.Benchmarks.Support;
using Credentials.Benchmarks.Support.Http;
using Credentials.Core.Configuration;
using Credentials.DevServer;
using Credentials.DevServer.Storage;

namespace Credentials.Benchmarks.Sections;

/// <summary>
/// Section 6: token reads and forced refreshes through DevServer over real HTTP at concurrency 1, 8 and 32, with p50, p99 and
/// req/s, and the provider's token calls: once with forced refreshes that always reach the provider (reuse 0), once with the
/// default reuse, which absorbs a burst.
/// </summary>
public sealed class HttpLoad
{
    private const string Name = "6 HTTP load";
    private static readonly int[] Levels = [1, 8, 32];

    // Raised so the run measures the service, not its abuse limits (per tenant key, per connector OAuth app, per end user).
    private static readonly Dictionary<string, string> RaisedLimits = new(StringComparer.Ordinal)
    {
        ["Credentials:Limits:RequestsPerSecond"] = "1000000",
        ["Credentials:Limits:RequestBurst"] = "1000000",
        ["Credentials:Limits:TokenEndpointRequestsPerSecond"] = "1000000",
        ["Credentials:Limits:TokenEndpointBurst"] = "1000000",
        ["Credentials:Limits:CredentialsPerUser"] = "1000",

        // Per-request Information logs would measure the log writer.
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private readonly Scale scale;
    private readonly string folder;
    private readonly RotatingTokenEndpoint provider;
    private readonly Dictionary<string, string> settings;
    private readonly List<IReadOnlyList<string>> rows = [];
    private readonly List<string> errorNotes = [];
    private long errors;
    private long burstCalls;
    private long burstAllowed;
    private long noReuseCalls;
    private long noReuseRefreshes;

    private HttpLoad(Scale scale, string folder, RotatingTokenEndpoint provider, Dictionary<string, string> settings)
    {
        this.scale = scale;
        this.folder = folder;
        this.provider = provider;
        this.settings = settings;
    }

    /// <summary>Runs the section: its own Azurite, token endpoint and DevServer processes, all removed afterwards.</summary>
    public static async Task RunAsync(Scale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var reuse = new CredentialsOptions().ForcedRefreshReuse;
        Report.Section(
            "6. HTTP load through DevServer: token reads and forced refreshes over real HTTP",
            "DevServer runs as its own process from its build output (server GC), against Azurite (tables, data in a temporary folder)",
            "with the Local secret store; the OAuth provider is a loopback Kestrel token endpoint that rotates refresh tokens and",
            "refuses one presented twice. This process, DevServer and Azurite share the machine's cores.",
            $"Each row: a warm-up of {Report.F(scale.HttpWarmUp.TotalSeconds)} s, then {Report.F(scale.HttpDuration.TotalSeconds)} s of closed-loop requests (each worker sends its next request",
            "when the previous one has answered) over one HttpClient whose SocketsHttpHandler has one connection per worker.",
            "Latency: send to body read, per request (Stopwatch timestamps). Errors: a non-2xx answer, a token read without an access",
            "token, a forced refresh whose credential is not active or has a refreshError, an exception; all are counted and shown.",
            "Provider token calls: the token endpoint's calls during the timed run. Server CPU: DevServer's CPU time per request.",
            "Credentials (imported oauth2 tokens, valid for an hour): 'spread' = worker w uses credential w of 32; 'own' = one per",
            "worker; 'one' = every worker the same one. Reuse = Credentials__ForcedRefreshReuse: 0 makes every forced refresh call",
            $"the provider; the default {Report.F(reuse.TotalSeconds, "0")} s answers a forced refresh within that time of the last one with its token.",
            "Raised for the run (the limiter is not measured): Credentials__Limits__RequestsPerSecond, __RequestBurst,",
            "__TokenEndpointRequestsPerSecond, __TokenEndpointBurst = 1,000,000; __CredentialsPerUser = 1,000. Server logs at Warning.");
        var folder = Directory.CreateTempSubdirectory("credentials-httpload-").FullName;
        try
        {
            await using var provider = await RotatingTokenEndpoint.StartAsync().ConfigureAwait(false);
            var connectors = Directory.CreateDirectory(Path.Combine(folder, "connectors")).FullName;
            var settings = new Dictionary<string, string>(RaisedLimits, StringComparer.Ordinal);
            foreach (var (key, value) in await BenchmarkConnector.WriteAsync(connectors, provider).ConfigureAwait(false))
            {
                settings[key] = value;
            }

            await new HttpLoad(scale, folder, provider, settings).RunVariantsAsync(reuse).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException exception)
            {
                Report.Note($"could not remove {folder}: {exception.Message}");
            }
        }
    }

    private async Task RunVariantsAsync(TimeSpan reuse)
    {
        var started = Stopwatch.StartNew();
        await using var azurite = await AzuriteLauncher.StartAsync(new AzuriteLaunchOptions
        {
            TablesOnly = true,
            Location = Path.Combine(folder, "azurite"),
            TablePort = AzuriteLaunchOptions.FreeLoopbackPort(),
        }).ConfigureAwait(false);
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        Report.Note($"Azurite on port {azurite.TablePort} started in {started.ElapsedMilliseconds} ms; token endpoint {provider.BaseUrl}; {LoadAverage()}");

        string apiKey;
        string userId;
        await using (var server = await StartServerAsync(forcedRefreshReuse: TimeSpan.Zero).ConfigureAwait(false))
        {
            using (var admin = new ServiceSetup(server.BaseAddress, DevelopmentDefaults.AdminApiKey))
            {
                (_, apiKey) = await admin.CreateTenantAsync("HTTP load").ConfigureAwait(false);
            }

            using var tenant = new ServiceSetup(server.BaseAddress, apiKey);
            userId = await tenant.CreateUserAsync("http-load").ConfigureAwait(false);
            var spread = await ImportAsync(tenant, userId, Levels.Max()).ConfigureAwait(false);
            var own = await ImportAsync(tenant, userId, Levels.Max()).ConfigureAwait(false);
            var one = (await ImportAsync(tenant, userId, 1).ConfigureAwait(false))[0];
            var target = new HttpLoadTarget(server, apiKey, "0 s");
            foreach (var concurrency in Levels)
            {
                await MeasureAsync(target, HttpOperation.TokenRead, "spread", concurrency, w => spread[w % spread.Count], w => spread[w % spread.Count]).ConfigureAwait(false);
            }

            foreach (var concurrency in Levels)
            {
                var run = await MeasureAsync(target, HttpOperation.ForcedRefresh, "own", concurrency, w => own[w], w => own[w]).ConfigureAwait(false);
                noReuseCalls += run.ProviderCalls;
                noReuseRefreshes += run.Result.Requests;
            }

            foreach (var concurrency in Levels)
            {
                await MeasureAsync(target, HttpOperation.ForcedRefresh, "one", concurrency, _ => one, _ => one).ConfigureAwait(false);
            }

            NoteProblems(server, "reuse 0 s");
        }

        // The default reuse, on fresh credentials per level (never refreshed, so each needs one provider call), warmed up on others.
        await using (var server = await StartServerAsync(forcedRefreshReuse: null).ConfigureAwait(false))
        {
            using var tenant = new ServiceSetup(server.BaseAddress, apiKey);
            var warm = await ImportAsync(tenant, userId, Levels.Max()).ConfigureAwait(false);
            var target = new HttpLoadTarget(server, apiKey, Report.F(reuse.TotalSeconds, "0") + " s (default)");
            foreach (var concurrency in Levels)
            {
                var own = await ImportAsync(tenant, userId, concurrency).ConfigureAwait(false);
                var run = await MeasureAsync(target, HttpOperation.ForcedRefresh, "own", concurrency, w => own[w], w => warm[w]).ConfigureAwait(false);
                burstCalls += run.ProviderCalls;
                burstAllowed += concurrency * CallsAllowed(run.Result.Elapsed, reuse);
            }

            foreach (var concurrency in Levels)
            {
                var one = (await ImportAsync(tenant, userId, 1).ConfigureAwait(false))[0];
                var run = await MeasureAsync(target, HttpOperation.ForcedRefresh, "one", concurrency, _ => one, _ => warm[0]).ConfigureAwait(false);
                burstCalls += run.ProviderCalls;
                burstAllowed += CallsAllowed(run.Result.Elapsed, reuse);
            }

            NoteProblems(server, "default reuse");
        }

        Report.Table(["<operation", "<reuse", "<credentials", "concurrency", "requests", "req/s", "p50 ms", "p99 ms", "errors", "provider token calls", "server CPU ms/req"], rows);
        foreach (var note in errorNotes)
        {
            Report.Note(note);
        }

        Report.Note($"token endpoint: {Report.N(provider.Calls)} calls in all (warm-ups included), {Report.N(provider.Refused)} refused (a refresh token presented twice); {LoadAverage()}");
        Report.Verdict(Name, "no errors: every answer 2xx, with a token or an active credential", $"{Report.N(errors)} errors, {Report.N(provider.Refused)} refused", errors == 0 && provider.Refused == 0);
        Report.Verdict(Name, "reuse 0, own credential: every forced refresh calls the provider", $"{Report.N(noReuseCalls)} calls / {Report.N(noReuseRefreshes)} refreshes", noReuseCalls == noReuseRefreshes);
        Report.Verdict(Name, "default reuse: <= 1 provider call per credential per started reuse period", $"{Report.N(burstCalls)} calls (at most {Report.N(burstAllowed)})", burstCalls <= burstAllowed);
    }

    // Other work on the machine moves every figure here: the 1/5/15-minute load averages say how busy it was (Linux only).
    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load average unknown";

    // A credential refreshed at the start of a run may be refreshed again once per full reuse period after it.
    private static long CallsAllowed(TimeSpan elapsed, TimeSpan reuse) => (long)Math.Ceiling(elapsed / reuse);

    // One at a time: concurrent creates for one user contend on the user's head row, and past a few retries one answers 404.
    private static async Task<IReadOnlyList<string>> ImportAsync(ServiceSetup tenant, string userId, int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add(await tenant.ImportOAuthCredentialAsync(userId, BenchmarkConnector.Id).ConfigureAwait(false));
        }

        return ids;
    }

    private async Task<DevServerProcess> StartServerAsync(TimeSpan? forcedRefreshReuse)
    {
        var started = Stopwatch.StartNew();
        var serverSettings = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        if (forcedRefreshReuse is { } reuse)
        {
            serverSettings["Credentials:ForcedRefreshReuse"] = reuse.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        var server = await DevServerProcess.StartAsync(AzuriteLaunchOptions.FreeLoopbackPort(), serverSettings, Path.Combine(folder, "devserver.log")).ConfigureAwait(false);
        Report.Note($"DevServer on {server.BaseAddress} (ForcedRefreshReuse {(forcedRefreshReuse is { } set ? Report.F(set.TotalSeconds, "0") + " s" : "default")}) answered /api/health after {started.ElapsedMilliseconds} ms");
        return server;
    }

    // What the service logged at Warning or above during its runs is shown, not left in a log file the section removes.
    private static void NoteProblems(DevServerProcess server, string variant)
    {
        Report.Note($"DevServer ({variant}) logged {Report.N(server.ProblemCount)} entries at Warning or above{(server.ProblemCount == 0 ? string.Empty : ", the first: " + string.Join(" | ", server.FirstProblems))}");
    }

    private async Task<HttpLoadMeasurement> MeasureAsync(HttpLoadTarget target, HttpOperation operation, string credentials, int concurrency, Func<int, string> measured, Func<int, string> warmUp)
    {
        using var client = new HttpLoadClient(target.Server.BaseAddress, target.ApiKey, concurrency);
        var warm = await client.RunAsync(operation, warmUp, scale.HttpWarmUp).ConfigureAwait(false);
        var (calls, cpu) = (provider.Calls, target.Server.CpuTime);
        var run = await client.RunAsync(operation, measured, scale.HttpDuration).ConfigureAwait(false);
        var measurement = new HttpLoadMeasurement(run, provider.Calls - calls, target.Server.CpuTime - cpu);
        var label = $"{operation.Name}, reuse {target.Reuse}, {credentials}, concurrency {concurrency}";
        errors += warm.ErrorCount + run.ErrorCount;
        if (warm.ErrorCount > 0)
        {
            errorNotes.Add($"{label}: warm-up errors {warm.DescribeErrors()}");
        }

        if (run.ErrorCount > 0)
        {
            errorNotes.Add($"{label}: errors {run.DescribeErrors()}");
        }

        rows.Add([
            operation.Name, target.Reuse, credentials, Report.N(concurrency), Report.N(run.Requests), Report.F(run.PerSecond, "0"),
            Report.F(run.PercentileMs(50), "0.00"), Report.F(run.PercentileMs(99), "0.00"), Report.N(run.ErrorCount), Report.N(measurement.ProviderCalls),
            Report.F(measurement.ServerCpu.TotalMilliseconds / Math.Max(1, run.Requests), "0.00"),
        ]);
        return measurement;
    }
}
