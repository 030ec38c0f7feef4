using Credentials.Benchmarks.Support;
using Credentials.Core.Refresh;

namespace Credentials.Benchmarks.Sections;

/// <summary>Section 4: refreshes per second with in-memory table and secret stores: the service's own CPU cost and its concurrency under provider latency.</summary>
public static class InMemoryThroughput
{
    private const string Name = "4 in-memory throughput";

    public static async Task RunAsync(Scale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        Report.Section(
            "4. Refresh throughput with in-memory stores (ConcurrentDictionary with ETags), 2 cores",
            "CredentialStore and RefreshIndexStore subclasses override every method with in-memory versions (If-Match kept);",
            "secrets in memory; the token endpoint is an in-process HttpMessageHandler going through the real TokenEndpointClient.",
            $"Zero latency: {Report.N(scale.MemoryRefreshes)} refreshes per level; goal >= 1,000 refreshes/s.",
            $"50 ms provider latency: {scale.LatencyRounds} x concurrency refreshes; goal >= 0.8 x concurrency / 50 ms.");
        var warm = Build(TimeSpan.Zero, 2_000);
        await Load.RefreshAllAsync(warm.Rig.Refresh, warm.Ids, 8).ConfigureAwait(false);

        var rows = new List<IReadOnlyList<string>>();
        foreach (var latency in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(50) })
        {
            foreach (var concurrency in new[] { 8, 32, 64 })
            {
                var count = latency == TimeSpan.Zero ? scale.MemoryRefreshes : scale.LatencyRounds * concurrency;
                var (rig, ids, credentials, index, secrets) = Build(latency, count);
                var storeBefore = credentials.Reads + credentials.Updates + index.Adds + index.Removes;
                var secretBefore = secrets.Reads + secrets.Writes;
                var run = await Load.RefreshAllAsync(rig.Refresh, ids, concurrency).ConfigureAwait(false);
                var goal = latency == TimeSpan.Zero ? 1000 : 0.8 * concurrency / latency.TotalSeconds;
                var storeOps = (double)(credentials.Reads + credentials.Updates + index.Adds + index.Removes - storeBefore) / run.Count;
                var secretOps = (double)(secrets.Reads + secrets.Writes - secretBefore) / run.Count;
                rows.Add([
                    $"{latency.TotalMilliseconds:0} ms", Report.N(concurrency), Report.N(run.Count), Report.F(run.PerSecond, "0"),
                    $"{Report.F(run.Percentile(50), "0.0")}/{Report.F(run.Percentile(99), "0.0")}",
                    Report.F(run.Cpu.TotalMilliseconds / run.Count, "0.000"), Report.F(run.Cpu.TotalMilliseconds / run.Elapsed.TotalMilliseconds, "0.00"),
                    $"{Report.F(storeOps, "0.0")} + {Report.F(secretOps, "0.0")}", Report.N(run.NotRefreshed + rig.Provider.Replays),
                    $">= {Report.N((long)goal)}",
                    Report.Verdict(Name, $"refreshes/s >= {Report.N((long)goal)} ({latency.TotalMilliseconds:0} ms latency, concurrency {concurrency})", Report.F(run.PerSecond, "0"), run.PerSecond >= goal),
                ]);
            }
        }

        Report.Table(["<provider latency", "concurrency", "refreshes", "refreshes/s", "p50/p99 ms", "CPU ms/refresh", "cores busy", "table + secret ops/refresh", "errors", "goal", "verdict"], rows);
    }

    private static (RefreshRig Rig, IReadOnlyList<string> Ids, MemoryCredentialStore Credentials, MemoryRefreshIndexStore Index, CountingSecretStore Secrets) Build(TimeSpan latency, int count)
    {
        var credentials = new MemoryCredentialStore();
        var index = new MemoryRefreshIndexStore();
        var secrets = new CountingSecretStore();
        var rig = new RefreshRig(credentials, index, secrets, UnusedTables.Provider, new NoOAuthStates(), new FakeTokenEndpoint { Latency = latency });
        var ids = MemorySeed.Seed(rig, credentials, index, secrets, count);
        return (rig, ids, credentials, index, secrets);
    }
}

/// <summary>Seeds due credentials straight into the in-memory stores.</summary>
public static class MemorySeed
{
    public static IReadOnlyList<string> Seed(RefreshRig rig, MemoryCredentialStore credentials, MemoryRefreshIndexStore index, CountingSecretStore secrets, int count)
    {
        ArgumentNullException.ThrowIfNull(rig);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(secrets);
        var now = DateTimeOffset.UtcNow;
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var (credential, bundle) = RefreshRig.NewCredential(now, due: true, rig.Options.Value.RefreshWindow);
            secrets.Seed(credential.CredentialId, bundle.ToBytes());
            index.AddAsync(credential.CredentialId, credential.NextRefreshAt!.Value).GetAwaiter().GetResult();
            credentials.CreateAsync(credential).GetAwaiter().GetResult();
            ids[i] = credential.CredentialId;
        }

        return ids;
    }
}
