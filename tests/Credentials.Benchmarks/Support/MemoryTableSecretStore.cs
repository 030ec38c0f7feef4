using System.Collections.Concurrent;
using Credentials.Core.Secrets;

namespace Credentials.Benchmarks.Support;

/// <summary>The real <see cref="TableSecretStore"/> (sealing included) over rows in a dictionary, counting each row operation as one table request.</summary>
public sealed class MemoryTableSecretStore : TableSecretStore
{
    private readonly ConcurrentDictionary<string, StoredSecretRow> rows;
    private long reads;
    private long writes;

    /// <summary>An empty store sealing with <paramref name="sealer"/>.</summary>
    public MemoryTableSecretStore(ISecretSealer sealer)
        : this(sealer, new ConcurrentDictionary<string, StoredSecretRow>(StringComparer.Ordinal))
    {
    }

    private MemoryTableSecretStore(ISecretSealer sealer, ConcurrentDictionary<string, StoredSecretRow> rows)
        : base(UnusedTables.Provider, sealer)
        => this.rows = rows;

    /// <summary>Row reads so far.</summary>
    public long Reads => Interlocked.Read(ref reads);

    /// <summary>Row writes so far.</summary>
    public long Writes => Interlocked.Read(ref writes);

    /// <summary>Another process's view of the same rows: its own sealer (and so its own key cache), its own counters.</summary>
    public MemoryTableSecretStore WithSealer(ISecretSealer sealer) => new(sealer, rows);

    /// <inheritdoc />
    protected override Task<StoredSecretRow?> ReadRowAsync(string ownerId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref reads);
        return Task.FromResult(rows.GetValueOrDefault(ownerId));
    }

    /// <inheritdoc />
    protected override Task WriteRowAsync(StoredSecretRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        Interlocked.Increment(ref writes);
        rows[row.OwnerId] = row;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task DeleteRowAsync(string ownerId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref writes);
        rows.TryRemove(ownerId, out _);
        return Task.CompletedTask;
    }
}
