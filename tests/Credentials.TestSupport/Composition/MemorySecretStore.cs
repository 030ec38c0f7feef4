using System.Collections.Concurrent;
using Credentials.Core.Secrets;

namespace Credentials.TestSupport.Composition;

/// <summary>An in-memory secret store several service processes can share (wrap it in a <see cref="Crashes.CrashingSecretStore"/> to count its calls).</summary>
public sealed class MemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, byte[]> values = new(StringComparer.Ordinal);

    /// <summary>The owner ids that hold a secret now, in ordinal order.</summary>
    public IReadOnlyList<string> OwnerIds => [.. values.Keys.Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public Task SetAsync(SecretAddress address, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        values[address.OwnerId] = value.ToArray();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Task.FromResult(values.TryGetValue(address.OwnerId, out var value) ? value : null);
    }

    /// <inheritdoc />
    public Task DeleteAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        values.TryRemove(address.OwnerId, out _);
        return Task.CompletedTask;
    }

    /// <summary>Forgets every secret.</summary>
    public void Clear() => values.Clear();
}
