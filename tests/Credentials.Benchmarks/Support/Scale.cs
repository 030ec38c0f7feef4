namespace Credentials.Benchmarks.Support;

/// <summary>The counts of a run: the full run (a few minutes) or <c>--quick</c> (a smoke run under two minutes).</summary>
public sealed record Scale(bool Quick)
{
    /// <summary>Section 1: credential counts (1% due), the large one first.</summary>
    public int[] SelectivityTotals => Quick ? [4_000, 400] : [20_000, 2_000];

    /// <summary>Section 2: refreshes per path.</summary>
    public int OpsRefreshes => Quick ? 40 : 200;

    /// <summary>Section 3: refreshes per concurrency level (the same at every level, so Azurite's tables have the same size).</summary>
    public int AzuriteRefreshes => Quick ? 200 : 2_000;

    /// <summary>Section 3: how long each raw-ceiling slice runs (5 slices of each kind per level, between 4 refresh chunks).</summary>
    public TimeSpan RawSlice => Quick ? TimeSpan.FromSeconds(0.3) : TimeSpan.FromSeconds(1.5);

    /// <summary>Section 4: refreshes per level without provider latency.</summary>
    public int MemoryRefreshes => Quick ? 3_000 : 30_000;

    /// <summary>Section 4: rounds of concurrent calls with provider latency (refreshes = rounds x concurrency).</summary>
    public int LatencyRounds => Quick ? 8 : 60;

    /// <summary>Section 5: due entries, the small one first.</summary>
    public int[] SweepSizes => Quick ? [2_000, 20_000] : [10_000, 100_000];

    /// <summary>Section 6: the warm-up before each timed HTTP run.</summary>
    public TimeSpan HttpWarmUp => Quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(1);

    /// <summary>Section 6: how long each timed HTTP run lasts (under the 10 s forced-refresh reuse, so a burst run needs one provider call).</summary>
    public TimeSpan HttpDuration => Quick ? TimeSpan.FromSeconds(1.5) : TimeSpan.FromSeconds(3);
}
