using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using Credentials.Benchmarks.Sections;
using Credentials.Benchmarks.Support;

// Benchmarks of the refresh path: figures for this machine, as ratios measured in the same run
// where absolute times would drift. A measurement, not a test: a missed goal prints MISS and the exit code stays 0.
//   dotnet run -c Release --project tests/Credentials.Benchmarks -- [--quick] [--only 1,2,3,4,5,6,7] [--help]
var sections = new (string Key, string Title, Func<Scale, Task> Run)[]
{
    ("1", "sweep selectivity: due-index entities read per due credential", SweepSelectivity.RunAsync),
    ("2", "storage operations per refresh", StorageOps.RunAsync),
    ("3", "refresh throughput over Azurite against its raw ceiling", AzuriteThroughput.RunAsync),
    ("4", "refresh throughput with in-memory stores", InMemoryThroughput.RunAsync),
    ("5", "sweep memory", SweepMemory.RunAsync),
    ("6", "HTTP load through DevServer: token reads and forced refreshes, concurrency 1/8/32", HttpLoad.RunAsync),
    ("7", "secret store modes: vault and table operations per token read and refresh, throughput under the vault limit", SecretStoreModes.RunAsync),
};
if (args.Contains("--help", StringComparer.Ordinal) || args.Contains("-h", StringComparer.Ordinal))
{
    Console.WriteLine("Usage: dotnet run -c Release --project tests/Credentials.Benchmarks -- [--quick] [--only 1,2,...] [--help]");
    Console.WriteLine("  --quick      reduced counts and durations: a smoke run");
    Console.WriteLine("  --only KEYS  run only these sections (comma-separated keys)");
    Console.WriteLine("Sections:");
    foreach (var (key, title, _) in sections)
    {
        Console.WriteLine($"  {key}  {title}");
    }

    return;
}

var quick = args.Contains("--quick", StringComparer.Ordinal);
var onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : null;
var scale = new Scale(quick);
var started = Stopwatch.StartNew();

Console.WriteLine($"Credentials refresh benchmarks ({(quick ? "--quick: reduced counts, a smoke run" : "full run")})");
Console.WriteLine($"  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical cores, "
    + $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024)} GiB, GC {(GCSettings.IsServerGC ? "server" : "workstation")}"
    + $"{(GCSettings.LatencyMode == GCLatencyMode.Interactive ? " concurrent" : string.Empty)}, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}"
#if DEBUG
    + ", DEBUG BUILD (use -c Release)"
#endif
    );

foreach (var (key, _, run) in sections)
{
    if (only is null || only.Contains(key))
    {
        var sectionStarted = Stopwatch.StartNew();
        await run(scale);
        Report.Note($"(section {key}: {sectionStarted.Elapsed.TotalSeconds:0.0} s)");
    }
}

Report.Summary();
Console.WriteLine($"Total time: {started.Elapsed.TotalSeconds:0} s");
