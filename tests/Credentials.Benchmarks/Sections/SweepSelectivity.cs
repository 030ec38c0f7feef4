using System.Diagnostics;
using Azure.Data.Tables;
using Credentials.Benchmarks.Support;
using Credentials.Core.Credentials;
using Credentials.Core.Storage;

namespace Credentials.Benchmarks.Sections;

/// <summary>Section 1: entities the sweep's due-index read touches, per due credential, against a full scan of the credentials.</summary>
public static class SweepSelectivity
{
    private const string Name = "1 selectivity";

    public static async Task RunAsync(Scale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        Report.Section(
            "1. Sweep selectivity: storage entities read to find the due credentials (1% due)",
            "Entities read = entities in the query responses, counted on the wire by a PerCall HttpPipelinePolicy on the",
            "TableServiceClient (length of each page's `value` array), cross-checked against the entities the SDK yielded.",
            "Index read = RefreshIndexStore.ReadDueAsync (one range query per shard). Full scan = every credential row with",
            "$select=NextRefreshAt, filtered client-side. Server-side filter = `NextRefreshAt le now` on the credentials table:",
            "few entities cross the wire, but the service still scans every row, so only its time shows the cost.",
            "Goal: index entities read / due <= 1.2. Times are medians of 3 runs; ratios are against the index read.");
        var rows = new List<string[]>();
        var perSize = new List<(int Total, long IndexRead, long ScanRead)>();
        foreach (var total in scale.SelectivityTotals)
        {
            var due = total / 100;
            await using var azurite = await AzuriteSession.StartAsync().ConfigureAwait(false);
            var seed = await azurite.SeedAsync(total, due, TimeSpan.FromMinutes(10), secrets: null).ConfigureAwait(false);
            Report.Note($"seeded {Report.N(total)} credentials ({Report.N(due)} due) and {Report.N(total)} index rows in {seed.IndexBatches} batches: {seed.Elapsed.TotalSeconds:0.0} s");

            var tables = azurite.NewCountedProvider();
            var index = new RefreshIndexStore(tables);
            var credentials = await tables.GetTableAsync(TableNames.Credentials).ConfigureAwait(false);
            await tables.GetTableAsync(TableNames.RefreshIndex).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            var dueIds = seed.DueIds.ToHashSet(StringComparer.Ordinal);

            var indexRun = await MeasureAsync(azurite.Counter, TableNames.RefreshIndex, async () =>
            {
                var (seen, found) = (0L, 0L);
                await foreach (var entry in index.ReadDueAsync(now).ConfigureAwait(false))
                {
                    seen++;
                    found += dueIds.Contains(entry.CredentialId) ? 1 : 0;
                }

                return (seen, found);
            }).ConfigureAwait(false);

            var scanRun = await MeasureAsync(azurite.Counter, TableNames.Credentials, async () =>
            {
                var (seen, found) = (0L, 0L);
                await foreach (var row in credentials.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000, select: ["NextRefreshAt"]).ConfigureAwait(false))
                {
                    seen++;
                    found += row.GetDateTimeOffset("NextRefreshAt") is { } next && next <= now ? 1 : 0;
                }

                return (seen, found);
            }).ConfigureAwait(false);

            var filterRun = await MeasureAsync(azurite.Counter, TableNames.Credentials, async () =>
            {
                var (seen, found) = (0L, 0L);
                var filter = TableClient.CreateQueryFilter($"NextRefreshAt le {now}");
                await foreach (var row in credentials.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey"]).ConfigureAwait(false))
                {
                    seen++;
                    found += dueIds.Contains(row.PartitionKey) ? 1 : 0;
                }

                return (seen, found);
            }).ConfigureAwait(false);

            foreach (var (method, run) in new[] { ("index range read (sweep)", indexRun), ("full scan, client filter", scanRun), ("full scan, server filter", filterRun) })
            {
                var perDue = (double)run.WireEntities / due;
                var isIndex = ReferenceEquals(run, indexRun);
                rows.Add([
                    method, Report.N(total), Report.N(due), Report.N(run.Requests), Report.N(run.WireEntities), Report.N(run.SdkEntities),
                    Report.N(run.DueFound), Report.F(perDue, "0.00"), Report.F(run.Milliseconds, "0.0"), Report.F(run.Milliseconds / indexRun.Milliseconds, "0.0") + "x",
                    isIndex ? "<= 1.2" : string.Empty,
                    isIndex ? Report.Verdict(Name, $"index entities read / due <= 1.2 ({Report.N(total)} credentials)", Report.F(perDue, "0.00"), perDue <= 1.2 && run.DueFound == due) : string.Empty,
                ]);
            }

            perSize.Add((total, indexRun.WireEntities, scanRun.WireEntities));
        }

        Report.Table(["<method", "credentials", "due", "requests", "entities read (wire)", "(SDK)", "due found", "read/due", "ms", "vs index", "goal", "verdict"], rows);
        if (perSize.Count == 2)
        {
            var (large, small) = (perSize[0], perSize[1]);
            Report.Note($"{Report.N(large.Total)} vs {Report.N(small.Total)} credentials ({(double)large.Total / small.Total:0}x the total, {(double)large.Total / small.Total:0}x the due): the index read "
                + $"grew {(double)large.IndexRead / small.IndexRead:0.0}x with the due count; the full scan grew {(double)large.ScanRead / small.ScanRead:0.0}x with the total.");
            Report.Note($"Fixed overhead of the index read: {RefreshIndexStore.Shards} query requests per sweep (one per shard), even with nothing due.");
        }
    }

    private static async Task<QueryRun> MeasureAsync(TableOpCounter counter, string table, Func<Task<(long Seen, long Found)>> query)
    {
        var times = new List<double>();
        QueryRun? first = null;
        for (var i = 0; i < 3; i++)
        {
            var before = counter.Snapshot();
            var started = Stopwatch.GetTimestamp();
            var (seen, found) = await query().ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var delta = counter.Snapshot().Minus(before);
            first ??= new QueryRun(delta.Requests(TableOp.Query, table), delta.Entities(TableOp.Query, table), seen, found, 0);
        }

        times.Sort();
        return first! with { Milliseconds = times[1] };
    }

    private sealed record QueryRun(long Requests, long WireEntities, long SdkEntities, long DueFound, double Milliseconds);
}
