namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// Concurrent workers issuing creates (API key and OAuth import), forced refreshes, token reads, proxied calls, credential
/// deletes, user creates and user deletes, spread over the tenants. Each worker gets its own seeded <see cref="Random"/>.
/// </summary>
public static class MixedLoad
{
    /// <summary>Runs <paramref name="workers"/> workers until <paramref name="stopping"/>; completes when all have finished their last request.</summary>
    public static Task RunAsync(IReadOnlyList<TenantClient> tenants, int workers, int seed, ServiceGate gate, OutcomeLedger ledger, LoadTally tally, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        var running = Enumerable.Range(0, workers)
            .Select(i => new LoadWorker(i, tenants[i % tenants.Count], new Random(unchecked(seed + (i * 7919))), gate, ledger, tally))
            .Select(worker => Task.Run(() => worker.RunAsync(stopping), CancellationToken.None))
            .ToList();
        return Task.WhenAll(running);
    }
}
