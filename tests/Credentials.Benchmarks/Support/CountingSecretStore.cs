using System.Collections.Concurrent;
using Credentials.Core.Secrets;

namespace Credentials.Benchmarks.Support;

/// <summary>An in-memory secret store that counts its reads and writes (each would be a Key Vault operation).</summary>
public sealed class CountingSecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, byte[]> values = new(StringComparer.Ordinal);
    private long reads;
    private long writes;
    private long deletes;

    /// <summary>Reads so far.</summary>
    public long Reads => Interlocked.Read(ref reads);

    /// <summary>Writes so far.</summary>
    public long Writes => Interlocked.Read(ref writes);

    /// <summary>Deletes so far.</summary>
    public long Deletes => Interlocked.Read(ref deletes);

    /// <summary>Stores a value without counting it (seeding).</summary>
    public void Seed(string ownerId, byte[] value) => values[ownerId] = value;

    /// <inheritdoc />
    public Task SetAsync(SecretAddress address, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        Interlocked.Increment(ref writes);
        values[address.OwnerId] = value.ToArray();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        Interlocked.Increment(ref reads);
        return Task.FromResult(values.TryGetValue(address.OwnerId, out var v) ? v : null);
    }

    /// <inheritdoc />
    public Task DeleteAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        Interlocked.Increment(ref deletes);
        values.TryRemove(address.OwnerId, out _);
        return Task.CompletedTask;
    }
}
