using System.Diagnostics;
using Azure.Core;
using Azure.Data.Tables;
using Credentials.Core.Credentials;
using Credentials.Core.Refresh;
using Credentials.Core.Storage;
using Credentials.DevServer.Storage;

namespace Credentials.Benchmarks.Support;

/// <summary>
/// One Azurite (tables only, in memory, free port) with two clients: a counted one for the code under measurement (a
/// <see cref="TableOpCounter"/> PerCall, its attempt counter PerRetry) and an uncounted one for seeding.
/// </summary>
public sealed class AzuriteSession : IAsyncDisposable
{
    private readonly AzuriteLauncher azurite;

    private AzuriteSession(AzuriteLauncher azurite)
    {
        this.azurite = azurite;
        var options = new TableClientOptions();
        options.AddPolicy(Counter, HttpPipelinePosition.PerCall);
        options.AddPolicy(Counter.Attempts, HttpPipelinePosition.PerRetry);
        Counted = new TableServiceClient(azurite.ConnectionString, options);
        Seeding = new TableServiceClient(azurite.ConnectionString);
        SeedingTables = new TableProvider(Seeding);
    }

    /// <summary>Counts the requests of <see cref="Counted"/>.</summary>
    public TableOpCounter Counter { get; } = new();

    /// <summary>The client the measured code uses.</summary>
    public TableServiceClient Counted { get; }

    /// <summary>The client seeding and raw-ceiling set-up use (not counted).</summary>
    public TableServiceClient Seeding { get; }

    /// <summary>A provider over the seeding client.</summary>
    public TableProvider SeedingTables { get; }

    /// <summary>Starts a fresh Azurite.</summary>
    public static async Task<AzuriteSession> StartAsync()
    {
        var started = Stopwatch.StartNew();
        var azurite = await AzuriteLauncher.StartAsync(AzuriteLaunchOptions.ForTests()).ConfigureAwait(false);
        Report.Note($"Azurite (tables, in memory) on port {azurite.TablePort}, started in {started.ElapsedMilliseconds} ms");
        return new AzuriteSession(azurite);
    }

    /// <summary>A provider over the counted client (its own per-process table cache).</summary>
    public TableProvider NewCountedProvider() => new(Counted);

    /// <summary>
    /// Seeds <paramref name="total"/> oauth2 credentials, the first <paramref name="due"/> of them due: each credential row is one
    /// insert (one partition per credential; <paramref name="parallelism"/> at once), the index rows go in single-partition
    /// batches of 100 per shard through <see cref="TableBatch"/>, the secret bundles into <paramref name="secrets"/>.
    /// </summary>
    /// <param name="total">Credentials to seed.</param>
    /// <param name="due">How many of them are due.</param>
    /// <param name="window">The refresh window.</param>
    /// <param name="secrets">Where bundles go, unless <paramref name="inline"/> seals them into the rows.</param>
    /// <param name="parallelism">Inserts at once.</param>
    /// <param name="inline">The inline modes' placement: each bundle sealed into its row.</param>
    public async Task<SeedResult> SeedAsync(int total, int due, TimeSpan window, CountingSecretStore? secrets, int parallelism = 32, CredentialBundles? inline = null)
    {
        var started = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var seeds = Enumerable.Range(0, total).Select(i => RefreshRig.NewCredential(now, i < due, window)).ToList();
        var store = new CredentialStore(SeedingTables);
        await SeedingTables.GetTableAsync(TableNames.Credentials).ConfigureAwait(false);
        await Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (seed, ct) =>
        {
            if (inline is null)
            {
                secrets?.Seed(seed.Credential.CredentialId, seed.Bundle.ToBytes());
            }

            await store.CreateAsync(inline is null ? seed.Credential : await inline.SealNewAsync(seed.Credential, seed.Bundle, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var index = await SeedingTables.GetTableAsync(TableNames.RefreshIndex).ConfigureAwait(false);
        var batches = seeds
            .GroupBy(s => RefreshIndexStore.Shard(s.Credential.CredentialId), StringComparer.Ordinal)
            .SelectMany(shard => shard.Chunk(TableBatch.MaxActions))
            .Select(chunk => (IReadOnlyList<TableTransactionAction>)[.. chunk.Select(s => new TableTransactionAction(
                TableTransactionActionType.UpsertReplace,
                new TableEntity(RefreshIndexStore.Shard(s.Credential.CredentialId), MemoryRefreshIndexStore.Key(s.Credential.CredentialId, s.Credential.NextRefreshAt!.Value))))])
            .ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) => await TableBatch.SubmitAsync(index, batch, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return new SeedResult(
            [.. seeds.Take(due).Select(s => s.Credential.CredentialId)],
            [.. seeds.Select(s => s.Credential.CredentialId)],
            batches.Count,
            started.Elapsed);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await azurite.DisposeAsync().ConfigureAwait(false);
}

/// <summary>What <see cref="AzuriteSession.SeedAsync"/> stored.</summary>
public sealed record SeedResult(IReadOnlyList<string> DueIds, IReadOnlyList<string> AllIds, int IndexBatches, TimeSpan Elapsed);
