using Credentials.Benchmarks.Support;
using Credentials.Core.Configuration;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.Storage;
using Credentials.Core.Tenancy;
using Credentials.Core.UseCases;

namespace Credentials.Benchmarks.Sections;

/// <summary>
/// Section 2: storage operations per token read, per forced refresh, per on-demand (IfExpiring) refresh and per sweep refresh, in
/// KeyVault mode (bundles in the secret store) and in an inline mode (Local: bundles sealed into the credential rows), over Azurite.
/// </summary>
public static class StorageOps
{
    public static async Task RunAsync(Scale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var n = scale.OpsRefreshes;
        Report.Section(
            "2. Storage operations per token read and per refresh, per secret store mode (Azurite tables, counting in-memory secret store, in-process token endpoint)",
            $"Per mode: {Report.N(n)} token reads of valid tokens and {Report.N(n)} forced refreshes through IUsableCredentialSource (what",
            $"GET /token and POST /refresh run after the API key's read, which adds 1 to each), {Report.N(n)} refreshes of due credentials",
            $"with RefreshMode.IfExpiring (concurrency 4), then one sweep over {Report.N(n)} more due credentials. KeyVault: bundles in the",
            "secret store (each secret operation is a Key Vault call). Local: bundles sealed into the rows, as in every mode but KeyVault.",
            "Table requests are counted by the PerCall pipeline policy (one per logical operation), secret operations by the store.");
        var columns = new List<(string Name, Counts Counts)>();
        foreach (var mode in new[] { SecretStoreKind.KeyVault, SecretStoreKind.Local })
        {
            // An Azurite per mode: the inline sweep's re-sealing pass would otherwise walk the other mode's rows too.
            await using var azurite = await AzuriteSession.StartAsync().ConfigureAwait(false);
            columns.AddRange(await MeasureModeAsync(azurite, mode, n).ConfigureAwait(false));
        }

        string Per(long count, int done) => done == 0 ? "-" : Report.F((double)count / done, "0.00");
        IReadOnlyList<string> Row(string what, Func<Counts, long> pick) => [what, .. columns.Select(c => Per(pick(c.Counts), c.Counts.Done))];
        const string C = TableNames.Credentials;
        const string I = TableNames.RefreshIndex;
        var rows = new List<IReadOnlyList<string>>
        {
            Row("credential point reads", c => c.Table.Requests(TableOp.PointRead, C)),
            Row("credential If-Match writes", c => c.Table.Requests(TableOp.ConditionalUpdate, C) + c.Table.Requests(TableOp.Batch)),
            Row("index upserts", c => c.Table.Requests(TableOp.Upsert, I)),
            Row("index deletes", c => c.Table.Requests(TableOp.Delete, I)),
            Row("other table requests (queries, other tables)", c => c.Table.Requests() - c.Table.Requests(TableOp.PointRead, C) - c.Table.Requests(TableOp.ConditionalUpdate, C)
                - c.Table.Requests(TableOp.Batch) - c.Table.Requests(TableOp.Upsert, I) - c.Table.Requests(TableOp.Delete, I)),
            Row("secret reads", c => c.SecretReads),
            Row("secret writes and deletes", c => c.SecretWrites),
            Row("= storage operations (table + secret)", c => c.Table.Requests() + c.SecretReads + c.SecretWrites),
            Row("= with the API key's read (through the API)", c => c.Table.Requests() + c.SecretReads + c.SecretWrites + (c.ViaApi ? c.Done : 0)),
            Row("token endpoint calls", c => c.TokenCalls),
            Row("failed table responses (412/404)", c => c.Table.Failures()),
        };
        Report.Table(["<per operation", .. columns.Select(c => $"{c.Name} ({c.Counts.Done})")], rows);
        Report.Note("The sweep's index query pages are in 'other table requests' (shared by every due entry of a run); in the inline modes so are");
        Report.Note("the re-sealing pass's cursor read, page query and cursor write (one page of 100 rows per 100 rows stored, up to 10 pages a run).");
        Report.Note("KeyVault forced refresh: row read, secret read, If-Match lease, secret write, index upsert, If-Match commit, old index delete.");
        Report.Note("Inline forced refresh: row read (with the sealed bundle), If-Match lease, index upsert, If-Match commit carrying the sealed tokens, old index delete.");
    }

    private static async Task<IReadOnlyList<(string, Counts)>> MeasureModeAsync(AzuriteSession azurite, SecretStoreKind mode, int n)
    {
        var secrets = new CountingSecretStore();
        var tables = azurite.NewCountedProvider();
        var provider = new FakeTokenEndpoint();
        var rig = new RefreshRig(new CredentialStore(tables), new RefreshIndexStore(tables), secrets, tables, new OAuthStateStore(tables), provider, mode: mode);
        var inline = mode == SecretStoreKind.KeyVault ? null : rig.Bundles;
        var window = rig.Options.Value.RefreshWindow;
        var label = mode == SecretStoreKind.KeyVault ? "KeyVault" : "inline";

        // Warm every table and the client caches, so lazy creation does not count.
        var warm = await azurite.SeedAsync(16, 16, window, secrets, inline: inline).ConfigureAwait(false);
        await Load.RefreshAllAsync(rig.Refresh, warm.DueIds, 4).ConfigureAwait(false);
        await new OAuthStateStore(tables).DeleteExpiredAsync(DateTimeOffset.UtcNow).ConfigureAwait(false);

        var readIds = await TenantsOfAsync(azurite, (await azurite.SeedAsync(n, 0, window, secrets, inline: inline).ConfigureAwait(false)).AllIds).ConfigureAwait(false);
        var reads = await CountAsync(azurite, secrets, provider, () => UseAllAsync(rig, readIds, force: false)).ConfigureAwait(false);

        var forcedIds = await TenantsOfAsync(azurite, (await azurite.SeedAsync(n, 0, window, secrets, inline: inline).ConfigureAwait(false)).AllIds).ConfigureAwait(false);
        var forced = await CountAsync(azurite, secrets, provider, () => UseAllAsync(rig, forcedIds, force: true)).ConfigureAwait(false);

        var onDemand = await azurite.SeedAsync(n, n, window, secrets, inline: inline).ConfigureAwait(false);
        var due = await CountAsync(azurite, secrets, provider, async () =>
        {
            var result = await Load.RefreshAllAsync(rig.Refresh, onDemand.DueIds, 4).ConfigureAwait(false);
            return result.Count - result.NotRefreshed;
        }).ConfigureAwait(false);

        // Seeded only now, so the sweep finds exactly these (the earlier ones are not due).
        await azurite.SeedAsync(n, n, window, secrets, inline: inline).ConfigureAwait(false);
        var swept = await CountAsync(azurite, secrets, provider, async () => (await rig.Sweep.RunAsync().ConfigureAwait(false)).Refreshed).ConfigureAwait(false);
        return [($"{label} read", reads with { ViaApi = true }), ($"{label} forced", forced with { ViaApi = true }), ($"{label} IfExpiring", due), ($"{label} sweep", swept)];
    }

    private static async Task<IReadOnlyList<(string Id, string TenantId)>> TenantsOfAsync(AzuriteSession azurite, IReadOnlyList<string> ids)
    {
        var store = new CredentialStore(azurite.SeedingTables);
        var found = new List<(string, string)>();
        foreach (var id in ids)
        {
            found.Add((id, (await store.GetAsync(id).ConfigureAwait(false))!.Value.Credential.TenantId));
        }

        return found;
    }

    private static async Task<int> UseAllAsync(RefreshRig rig, IReadOnlyList<(string Id, string TenantId)> ids, bool force)
    {
        var done = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
        {
            var usable = await rig.Usable.GetUsableAsync(new TenantContext(item.TenantId, "bench"), item.Id, force, ct).ConfigureAwait(false);
            if (usable.Tokens is not null)
            {
                Interlocked.Increment(ref done);
            }
        }).ConfigureAwait(false);
        return done;
    }

    private static async Task<Counts> CountAsync(AzuriteSession azurite, CountingSecretStore secrets, FakeTokenEndpoint provider, Func<Task<int>> run)
    {
        var table = azurite.Counter.Snapshot();
        var (reads, writes, calls) = (secrets.Reads, secrets.Writes + secrets.Deletes, provider.Calls);
        var done = await run().ConfigureAwait(false);
        return new Counts(done, azurite.Counter.Snapshot().Minus(table), secrets.Reads - reads, secrets.Writes + secrets.Deletes - writes, provider.Calls - calls);
    }

    private sealed record Counts(int Done, TableCounts Table, long SecretReads, long SecretWrites, long TokenCalls)
    {
        /// <summary>Whether the operation comes through the API, whose API key read it adds.</summary>
        public bool ViaApi { get; init; }
    }
}
