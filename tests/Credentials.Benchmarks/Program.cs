using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using Credentials.Benchmarks.Sections;
using Credentials.Benchmarks.Support;

// Benchmarks of the refresh path: figures for this machine, as ratios measured in the same run
// where absolute times would drift. A measurement, not a test: a missed goal prints MISS and the exit code stays 0.
//   dotnet run -c Release --project tests/Credentials.Benchmarks -- [--quick] [--only 1,2,3,4,5,6]
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

var sections = new (string Key, Func<Scale, Task> Run)[]
{
    ("1", SweepSelectivity.RunAsync),
    ("2", StorageOps.RunAsync),
    ("3", AzuriteThroughput.RunAsync),
    ("4", InMemoryThroughput.RunAsync),
    ("5", SweepMemory.RunAsync),
    ("6", SecretStoreModes.RunAsync),
};
foreach (var (key, run) in sections)
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
