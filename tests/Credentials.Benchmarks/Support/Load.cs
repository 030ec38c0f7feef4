using System.Diagnostics;
using Credentials.Core.Refresh;

namespace Credentials.Benchmarks.Support;

/// <summary>Runs work items with a fixed number of concurrent workers and times them.</summary>
public static class Load
{
    /// <summary>Refreshes every id once, <paramref name="concurrency"/> at a time; the elapsed time, per-refresh latencies and results.</summary>
    public static async Task<LoadResult> RefreshAllAsync(RefreshService refresh, IReadOnlyList<string> ids, int concurrency, RefreshMode mode = RefreshMode.IfExpiring)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        ArgumentNullException.ThrowIfNull(ids);
        var latencies = new double[ids.Count];
        var results = new RefreshResult[ids.Count];
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Count)
            {
                var one = Stopwatch.GetTimestamp();
                results[i] = (await refresh.RefreshAsync(ids[i], mode).ConfigureAwait(false)).Result;
                latencies[i] = Stopwatch.GetElapsedTime(one).TotalMilliseconds;
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = started.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Array.Sort(latencies);
        return new LoadResult(ids.Count, elapsed, cpuUsed, latencies, results.Count(r => r != RefreshResult.Refreshed));
    }

    /// <summary>Runs <paramref name="operation"/> on <paramref name="concurrency"/> workers for <paramref name="duration"/>; operations completed.</summary>
    public static async Task<(long Operations, TimeSpan Elapsed)> ForAsync(TimeSpan duration, int concurrency, Func<int, long, Task<int>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        long operations = 0;
        var started = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            await Task.Yield();
            long round = 0;
            while (started.Elapsed < duration)
            {
                Interlocked.Add(ref operations, await operation(worker, round++).ConfigureAwait(false));
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return (Interlocked.Read(ref operations), started.Elapsed);
    }
}

/// <summary>A timed batch of refreshes.</summary>
public sealed record LoadResult(int Count, TimeSpan Elapsed, TimeSpan Cpu, double[] SortedLatenciesMs, int NotRefreshed)
{
    /// <summary>Several timed batches as one (times and counts added, latencies merged).</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var latencies = parts.SelectMany(p => p.SortedLatenciesMs).ToArray();
        Array.Sort(latencies);
        return new LoadResult(
            parts.Sum(p => p.Count),
            TimeSpan.FromTicks(parts.Sum(p => p.Elapsed.Ticks)),
            TimeSpan.FromTicks(parts.Sum(p => p.Cpu.Ticks)),
            latencies,
            parts.Sum(p => p.NotRefreshed));
    }

    /// <summary>Refreshes per second.</summary>
    public double PerSecond => Count / Elapsed.TotalSeconds;

    /// <summary>A latency percentile in milliseconds.</summary>
    public double Percentile(double p) => SortedLatenciesMs.Length == 0 ? 0 : SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)(p / 100 * SortedLatenciesMs.Length))];
}
