namespace Credentials.Benchmarks.Support.Http;

/// <summary>One timed run of the HTTP load: every request's latency, and the errors by kind.</summary>
/// <param name="Requests">Requests answered (good or not) within the run.</param>
/// <param name="Elapsed">From the first request to the last answer.</param>
/// <param name="SortedLatenciesMs">Each request's time from send to its body read, ascending.</param>
/// <param name="Errors">Requests that failed, by what went wrong (status and problem code, a body check, an exception type).</param>
public sealed record HttpLoadResult(long Requests, TimeSpan Elapsed, double[] SortedLatenciesMs, IReadOnlyDictionary<string, int> Errors)
{
    /// <summary>Requests per second.</summary>
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>All failed requests.</summary>
    public int ErrorCount => Errors.Values.Sum();

    /// <summary>The latency at percentile <paramref name="p"/> (nearest rank), in milliseconds.</summary>
    public double PercentileMs(double p)
        => SortedLatenciesMs.Length == 0 ? 0 : SortedLatenciesMs[Math.Clamp((int)Math.Ceiling(p / 100 * SortedLatenciesMs.Length) - 1, 0, SortedLatenciesMs.Length - 1)];

    /// <summary>The errors as text, e.g. <c>429 rate_limited x3, HttpRequestException x1</c>; empty without errors.</summary>
    public string DescribeErrors() => string.Join(", ", Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} x{Report.N(e.Value)}"));
}
