using System.Diagnostics;
using Credentials.Benchmarks.Support;
using Credentials.Core.Credentials;

namespace Credentials.Benchmarks.Sections;

/// <summary>Section 5: the sweep's memory over many due entries: bounded (streamed), not a list of all of them.</summary>
public static class SweepMemory
{
    private const string Name = "5 sweep memory";

    public static async Task RunAsync(Scale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        Report.Section(
            "5. Peak memory of a sweep (in-memory stores, zero-latency provider, SweepParallelism 16, budget 1 h)",
            "Each size runs twice on freshly seeded stores (all entries due). Natural pass: no forced GC; GC.GetTotalMemory(false)",
            "and Environment.WorkingSet sampled every 5 ms on a dedicated thread (this includes garbage not yet collected, among it",
            "the rows the in-memory stores replace, which a remote store would not keep in this process), and the sweep's time.",
            "Live pass: the sampler forces a full compacting GC about 20 times during the sweep and records the heap that survived",
            "(GCMemoryInfo: heap size - fragmentation, taken when the GC ended). Baseline = the live heap after seeding, so the",
            "stores' footprint is subtracted. Refreshed rows are a little larger than seeded ones (new ETag, scopes array): that",
            "change, measured after the sweep ('retained'), is pro-rated by the refreshes done at each sample and subtracted too;",
            "what is left is the sweep's own live memory. Reference: a List<DueEntry> of all due entries (what a sweep that",
            "collected its work first would hold).",
            "Goal: each extra due entry adds <= 10% of a materialised list entry to the sweep's own peak (marginal cost between",
            "the two sizes); streaming makes it ~0, a list of all makes it 100%.");
        var results = new List<(int Size, Pass Natural, Pass Live)>();
        foreach (var size in scale.SweepSizes)
        {
            var natural = await PassAsync(size, null).ConfigureAwait(false);
            var every = TimeSpan.FromMilliseconds(Math.Clamp(natural.Duration.TotalMilliseconds / 20, 20, 500));
            var live = await PassAsync(size, every).ConfigureAwait(false);
            results.Add((size, natural, live));
        }

        var rows = results.Select(r => (IReadOnlyList<string>)[
            Report.N(r.Size),
            $"{Report.MiB(r.Natural.Footprint)} ({Report.N(r.Natural.Footprint / r.Size)} B)",
            $"{Report.F(r.Natural.Duration.TotalSeconds, "0.0")} s ({Report.F(r.Size / r.Natural.Duration.TotalSeconds, "0")}/s)",
            $"{Report.MiB(r.Natural.PeakAllocated)} ({Report.N(r.Natural.PeakAllocated / r.Size)} B)",
            Report.MiB(r.Natural.PeakWorkingSet),
            r.Natural.Collections,
            $"{Report.MiB(r.Live.PeakLive)} ({Report.F((double)r.Live.PeakLive / r.Size, "0.0")} B)",
            $"{Report.MiB(r.Live.Retained)} ({Report.F((double)r.Live.Retained / r.Size, "0.0")} B)",
            $"{Report.MiB(r.Live.PeakOwn)} ({Report.F((double)r.Live.PeakOwn / r.Size, "0.00")} B) [{r.Live.LiveSamples}]",
            $"{Report.MiB(r.Live.ListCost)} ({Report.N(r.Live.ListCost / r.Size)} B)",
            $"{r.Natural.Refreshed}/{r.Live.Refreshed}",
        ]).ToList();
        Report.Table([
            "due entries", "stores' footprint (per entry)", "sweep time", "peak allocated growth", "peak working-set growth", "GCs 0/1/2",
            "peak live growth", "retained after sweep", "sweep's own peak live [samples]", "List<DueEntry> of all", "refreshed (nat/live)"], rows);

        if (results.Count == 2)
        {
            var (small, large) = (results[0], results[1]);
            var marginal = (double)(large.Live.PeakOwn - small.Live.PeakOwn) / (large.Size - small.Size);
            var listPerEntry = (double)large.Live.ListCost / large.Size;
            var ratio = (double)large.Live.PeakOwn / Math.Max(1, small.Live.PeakOwn);
            Report.Note($"sweep's own peak: {Report.MiB(small.Live.PeakOwn)} at {Report.N(small.Size)} vs {Report.MiB(large.Live.PeakOwn)} at {Report.N(large.Size)} "
                + $"({Report.F(ratio, "0.00")}x for {large.Size / small.Size}x the entries); a list of all: {Report.MiB(small.Live.ListCost)} vs {Report.MiB(large.Live.ListCost)}.");
            Report.Table(["<goal", "figure", "verdict"], [
                [$"marginal sweep memory per extra due entry <= 10% of a list entry ({Report.F(listPerEntry, "0")} B)",
                    $"{Report.F(marginal, "0.00")} B ({Report.F(100 * marginal / listPerEntry, "0.0")}%)",
                    Report.Verdict(Name, $"marginal memory per due entry <= 10% of a list entry ({Report.N(small.Size)} -> {Report.N(large.Size)})", $"{Report.F(marginal, "0.00")} B", marginal <= 0.1 * listPerEntry)],
            ]);
        }
    }

    /// <summary>One sweep over <paramref name="size"/> fresh due entries; with <paramref name="forcedGcEvery"/>, the live pass.</summary>
    private static async Task<Pass> PassAsync(int size, TimeSpan? forcedGcEvery)
    {
        await FlushThreadPoolAsync().ConfigureAwait(false);
        var m0 = FullGc();
        var credentials = new MemoryCredentialStore();
        var index = new MemoryRefreshIndexStore();
        var secrets = new CountingSecretStore();
        var provider = new FakeTokenEndpoint { DetectReplays = false };
        var rig = new RefreshRig(credentials, index, secrets, UnusedTables.Provider, new NoOAuthStates(), provider, sweepParallelism: 16);
        MemorySeed.Seed(rig, credentials, index, secrets, size);
        await FlushThreadPoolAsync().ConfigureAwait(false);
        var m1 = FullGc();
        var footprint = m1 - m0;
        var listCost = forcedGcEvery is null ? 0 : await ListCostAsync(index, m1).ConfigureAwait(false);
        if (forcedGcEvery is not null)
        {
            await FlushThreadPoolAsync().ConfigureAwait(false);
            m1 = FullGc();
        }

        var m1Allocated = GC.GetTotalMemory(false);
        var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var ws0 = Environment.WorkingSet;
        var sampler = new MemorySampler(forcedGcEvery, () => provider.Calls);
        var started = Stopwatch.StartNew();
        var summary = await rig.Sweep.RunAsync().ConfigureAwait(false);
        var duration = started.Elapsed;
        sampler.Stop();
        var gcs = string.Join('/', new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) }.Select((c, i) => c - collections[i]));
        await FlushThreadPoolAsync().ConfigureAwait(false);

        // The sweep has returned: what the heap holds beyond the baseline now is the stores' changed rows.
        var retained = FullGc() - m1;
        var peakOwn = sampler.Samples.Count == 0 ? 0 : sampler.Samples.Max(s => s.Live - m1 - (long)(retained * Math.Min(1.0, (double)s.Progress / size)));
        var peakLive = sampler.Samples.Count == 0 ? 0 : sampler.Samples.Max(s => s.Live) - m1;
        GC.KeepAlive(rig);
        GC.KeepAlive(credentials);
        GC.KeepAlive(index);
        GC.KeepAlive(secrets);
        return new Pass(footprint, summary.Refreshed, duration, sampler.PeakAllocated - m1Allocated, peakLive, peakOwn, sampler.Samples.Count,
            Math.Max(0, sampler.PeakWorkingSet - ws0), retained, listCost, gcs);
    }

    /// <summary>The live heap a List of every due entry adds (kept in its own method so nothing of it outlives the measurement).</summary>
    private static async Task<long> ListCostAsync(RefreshIndexStore index, long baseline)
    {
        var list = new List<DueEntry>();
        await foreach (var entry in index.ReadDueAsync(DateTimeOffset.UtcNow).ConfigureAwait(false))
        {
            list.Add(entry);
        }

        var cost = FullGc() - baseline;
        GC.KeepAlive(list);
        return cost;
    }

    /// <summary>Runs trivial work on the pool threads so none still references the previous pass's last work item.</summary>
    private static async Task FlushThreadPoolAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => Thread.SpinWait(1000)))).ConfigureAwait(false);
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Two full compacting collections; the live heap after the second.</summary>
    private static long FullGc()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return LiveAfterLastFullGc();
    }

    /// <summary>
    /// The heap that survived the last full blocking GC as the GC recorded it when it ended (heap size minus fragmentation), so
    /// what the sweep's threads allocate between the end of the GC and this call does not count.
    /// </summary>
    private static long LiveAfterLastFullGc()
    {
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return info.HeapSizeBytes - info.FragmentedBytes;
    }

    private sealed record Pass(long Footprint, int Refreshed, TimeSpan Duration, long PeakAllocated, long PeakLive, long PeakOwn, int LiveSamples, long PeakWorkingSet, long Retained, long ListCost, string Collections);

    /// <summary>Samples memory on its own thread (the pool may be saturated by the sweep); optionally forces full GCs to see the live heap.</summary>
    private sealed class MemorySampler
    {
        private readonly Thread thread;
        private readonly TimeSpan? forcedGcEvery;
        private readonly Func<long> progress;
        private volatile bool stopping;

        public MemorySampler(TimeSpan? forcedGcEvery, Func<long> progress)
        {
            this.forcedGcEvery = forcedGcEvery;
            this.progress = progress;
            thread = new Thread(Loop) { IsBackground = true, Name = "memory sampler" };
            thread.Start();
        }

        public long PeakAllocated { get; private set; }

        public long PeakWorkingSet { get; private set; }

        /// <summary>Live heap after each forced GC, with the refreshes done by then.</summary>
        public List<(long Live, long Progress)> Samples { get; } = [];

        public void Stop()
        {
            stopping = true;
            thread.Join();
        }

        private void Loop()
        {
            var clock = Stopwatch.StartNew();
            var nextGc = forcedGcEvery is { } first ? first / 2 : TimeSpan.MaxValue;
            while (!stopping)
            {
                PeakAllocated = Math.Max(PeakAllocated, GC.GetTotalMemory(false));
                PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
                if (forcedGcEvery is { } every && clock.Elapsed >= nextGc)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    var done = progress();
                    Samples.Add((LiveAfterLastFullGc(), done));
                    nextGc = clock.Elapsed + every;
                }

                Thread.Sleep(5);
            }
        }
    }
}
