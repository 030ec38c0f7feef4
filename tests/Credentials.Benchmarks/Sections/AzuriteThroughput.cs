using Azure;
using Azure.Data.Tables;
using Credentials.Benchmarks.Support;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.Refresh;
using Credentials.Core.Storage;

namespace Credentials.Benchmarks.Sections;

/// <summary>Section 3: refreshes per second over Azurite against Azurite's raw ceiling at the same concurrency.</summary>
public static class AzuriteThroughput
{
    private const string Name = "3 Azurite throughput";
    private const int Chunks = 4;

    public static async Task RunAsync(Scale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        Report.Section(
            "3. Refresh throughput over Azurite vs Azurite's raw ceiling (in-memory secrets, in-process token endpoint)",
            $"Each level refreshes {Report.N(scale.AzuriteRefreshes)} distinct due credentials (RefreshMode.IfExpiring) on a fresh Azurite. Raw ceiling = point read + conditional update",
            "(If-Match) of the same credential entities by the same number of workers. The refreshes run in 4 chunks alternating",
            "with 5 raw slices, so drift in Azurite's speed affects both alike; ceiling = all raw ops / all raw time.",
            "Table ops/s in refresh = refreshes/s x table operations per refresh (counted by the pipeline policy).",
            "Same-mix raw = the refresh's own storage sequence without the service (read, If-Match update, index upsert, If-Match",
            "update, index delete), measured the same way: the refresh path's overhead beyond its storage calls.",
            "Goal: table ops/s in refresh >= 0.7 x raw ceiling ops/s, i.e. the refresh path adds little beyond its storage calls.");
        var rows = new List<IReadOnlyList<string>>();
        var (calls, replays) = (0L, 0L);
        foreach (var concurrency in new[] { 1, 8, 32, 64 })
        {
            // A fresh Azurite per level: its index upserts slow down as the table grows, so levels must not inherit rows.
            await using var azurite = await AzuriteSession.StartAsync().ConfigureAwait(false);
            var secrets = new CountingSecretStore();
            var tables = azurite.NewCountedProvider();
            var provider = new FakeTokenEndpoint();
            var rig = new RefreshRig(new CredentialStore(tables), new RefreshIndexStore(tables), secrets, tables, new OAuthStateStore(tables), provider);
            var window = rig.Options.Value.RefreshWindow;
            var credentialTable = azurite.Counted.GetTableClient(TableNames.Credentials);
            var indexTable = azurite.Counted.GetTableClient(TableNames.RefreshIndex);

            // Warm-up: JIT, connection pool, table creation in the counted provider.
            var warm = await azurite.SeedAsync(128, 128, window, secrets).ConfigureAwait(false);
            await Load.RefreshAllAsync(rig.Refresh, warm.DueIds, 16).ConfigureAwait(false);
            await RawAsync(credentialTable, null, warm.AllIds, 16, TimeSpan.FromSeconds(0.3)).ConfigureAwait(false);
            await RawAsync(credentialTable, indexTable, warm.AllIds, 16, TimeSpan.FromSeconds(0.3)).ConfigureAwait(false);

            var seed = await azurite.SeedAsync(scale.AzuriteRefreshes, scale.AzuriteRefreshes, window, secrets).ConfigureAwait(false);
            var ids = seed.DueIds;
            var chunks = ids.Chunk((ids.Count + Chunks - 1) / Chunks).ToList();
            var pair = new List<(long Ops, TimeSpan Elapsed)>();
            var mixed = new List<(long Ops, TimeSpan Elapsed)>();
            var runs = new List<LoadResult>();
            var counted = azurite.Counter.Snapshot();
            TableCounts ops = counted.Minus(counted);
            for (var k = 0; k <= chunks.Count; k++)
            {
                // Alternate raw slices and refresh chunks, so a drift in Azurite's speed hits both sides alike.
                pair.Add(await RawAsync(credentialTable, null, seed.AllIds, concurrency, scale.RawSlice).ConfigureAwait(false));
                mixed.Add(await RawAsync(credentialTable, indexTable, seed.AllIds, concurrency, scale.RawSlice).ConfigureAwait(false));
                if (k < chunks.Count)
                {
                    var snapshot = azurite.Counter.Snapshot();
                    runs.Add(await Load.RefreshAllAsync(rig.Refresh, chunks[k], concurrency).ConfigureAwait(false));
                    var delta = azurite.Counter.Snapshot().Minus(snapshot);
                    ops = ops.Plus(delta);
                }
            }

            var run = LoadResult.Combine(runs);
            var ceiling = pair.Sum(p => p.Ops) / pair.Sum(p => p.Elapsed.TotalSeconds);
            var slowest = pair.Min(p => p.Ops / p.Elapsed.TotalSeconds);
            var fastest = pair.Max(p => p.Ops / p.Elapsed.TotalSeconds);
            var mix = mixed.Sum(p => p.Ops) / mixed.Sum(p => p.Elapsed.TotalSeconds);
            var opsPerRefresh = (double)ops.Requests() / run.Count;
            var achieved = run.PerSecond * opsPerRefresh;
            var ratio = achieved / ceiling;
            (calls, replays) = (calls + provider.Calls, replays + provider.Replays);
            rows.Add([
                Report.N(concurrency), Report.N(run.Count), Report.F(run.PerSecond, "0"), Report.F(opsPerRefresh, "0.00"), Report.F(achieved, "0"),
                $"{Report.F(ceiling, "0")} ({Report.F(slowest, "0")}-{Report.F(fastest, "0")})", Report.F(ratio, "0.00"),
                $"{Report.F(mix, "0")} ({Report.F(achieved / mix, "0.00")})",
                $"{Report.F(run.Percentile(50), "0.0")}/{Report.F(run.Percentile(99), "0.0")}", Report.F(run.Cpu.TotalMilliseconds / run.Count, "0.00"), Report.N(run.NotRefreshed + ops.Failures()),
                ">= 0.70", Report.Verdict(Name, $"refresh ops/s >= 0.7 x raw ceiling, concurrency {concurrency}", Report.F(ratio, "0.00"), ratio >= 0.7),
            ]);
        }

        Report.Table(["concurrency", "refreshes", "refreshes/s", "table ops/refresh", "table ops/s in refresh", "raw ceiling ops/s (slices min-max)", "ratio", "same-mix raw ops/s (ratio)", "p50/p99 ms", "CPU ms/refresh (.NET)", "errors", "goal", "verdict"], rows);
        Report.Note($"token endpoint calls {Report.N(calls)}, replays refused {replays}; CPU ms/refresh is this process only (Azurite runs in node).");
    }

    /// <summary>
    /// Point read then conditional update of the workers' own entities for <paramref name="duration"/>; with an index table,
    /// the refresh's whole sequence (read, update, index upsert, update, index delete). Table ops/s.
    /// </summary>
    private static async Task<(long Ops, TimeSpan Elapsed)> RawAsync(TableClient table, TableClient? index, IReadOnlyList<string> ids, int concurrency, TimeSpan duration)
    {
        var (operations, elapsed) = await Load.ForAsync(duration, concurrency, async (worker, round) =>
        {
            // Worker w owns ids w, w + c, w + 2c, ...: no two workers touch one entity, so no 412s.
            var owned = (ids.Count - worker + concurrency - 1) / concurrency;
            var id = ids[(int)(worker + (concurrency * (round % Math.Max(1, owned))))];
            var entity = (await table.GetEntityAsync<TableEntity>(CredentialRowKeys.Partition(id), CredentialRowKeys.Row(id)).ConfigureAwait(false)).Value;
            var etag = (await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace).ConfigureAwait(false)).Headers.ETag!.Value;
            if (index is null)
            {
                return 2;
            }

            var row = new TableEntity(RefreshIndexStore.Shard(id), MemoryRefreshIndexStore.Key(id, DateTimeOffset.UtcNow.AddHours(1)));
            await index.UpsertEntityAsync(row, TableUpdateMode.Replace).ConfigureAwait(false);
            await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace).ConfigureAwait(false);
            await index.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All).ConfigureAwait(false);
            return 5;
        }).ConfigureAwait(false);
        return (operations, elapsed);
    }
}
