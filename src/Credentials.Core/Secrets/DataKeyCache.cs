using System.Security.Cryptography;

namespace Credentials.Core.Secrets;

/// <summary>
/// Unwrapped data keys and each tenant's current version, in memory for a bounded time and count. Keys leave the cache as copies
/// (the caller zeroes its copy), so zeroing an evicted entry can never change a key another thread is encrypting with.
/// </summary>
public sealed class DataKeyCache
{
    private readonly object gate = new();
    private readonly Dictionary<(string TenantId, string Version), LinkedListNode<Entry>> keys = [];
    private readonly LinkedList<Entry> recency = new();
    private readonly Dictionary<string, (string Version, DateTimeOffset ExpiresAt)> current = new(StringComparer.Ordinal);
    private readonly int capacity;
    private readonly TimeSpan ttl;
    private readonly TimeProvider time;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> keys, each for <paramref name="ttl"/>.</summary>
    public DataKeyCache(int capacity, TimeSpan ttl, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(time);
        this.capacity = capacity;
        this.ttl = ttl;
        this.time = time;
    }

    /// <summary>Keys held now (expired ones included until they are next touched or pushed out).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return keys.Count;
            }
        }
    }

    /// <summary>A copy of the cached key, or null when absent or expired.</summary>
    public byte[]? TryGetKey(string tenantId, string version)
    {
        lock (gate)
        {
            if (!keys.TryGetValue((tenantId, version), out var node))
            {
                return null;
            }

            if (node.Value.ExpiresAt <= time.GetUtcNow())
            {
                Remove(node);
                return null;
            }

            recency.Remove(node);
            recency.AddFirst(node);
            return node.Value.Key.ToArray();
        }
    }

    /// <summary>Caches a copy of <paramref name="key"/>, pushing out the least recently used keys beyond the capacity.</summary>
    public void AddKey(string tenantId, string version, ReadOnlySpan<byte> key)
    {
        lock (gate)
        {
            if (keys.TryGetValue((tenantId, version), out var existing))
            {
                Remove(existing);
            }

            var node = recency.AddFirst(new Entry(tenantId, version, key.ToArray(), time.GetUtcNow() + ttl));
            keys[(tenantId, version)] = node;
            while (keys.Count > capacity && recency.Last is { } oldest)
            {
                Remove(oldest);
            }
        }
    }

    /// <summary>The tenant's current version, or null when not cached or expired.</summary>
    public string? TryGetCurrent(string tenantId)
    {
        lock (gate)
        {
            if (current.TryGetValue(tenantId, out var entry) && entry.ExpiresAt > time.GetUtcNow())
            {
                return entry.Version;
            }

            current.Remove(tenantId);
            return null;
        }
    }

    /// <summary>Records the tenant's current version for the cache's time to live.</summary>
    public void SetCurrent(string tenantId, string version)
    {
        lock (gate)
        {
            if (!current.ContainsKey(tenantId) && current.Count >= capacity)
            {
                // Bounded like the keys; which tenant goes matters little, it is read again on its next use.
                current.Remove(current.Keys.First());
            }

            current[tenantId] = (version, time.GetUtcNow() + ttl);
        }
    }

    /// <summary>Forgets (and zeroes) every key of a tenant and its current version: after a rotation elsewhere or a shredding.</summary>
    public void RemoveTenant(string tenantId)
    {
        lock (gate)
        {
            current.Remove(tenantId);
            foreach (var node in keys.Values.Where(n => n.Value.TenantId == tenantId).ToList())
            {
                Remove(node);
            }
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        keys.Remove((node.Value.TenantId, node.Value.Version));
        recency.Remove(node);
        CryptographicOperations.ZeroMemory(node.Value.Key);
    }

    private sealed record Entry(string TenantId, string Version, byte[] Key, DateTimeOffset ExpiresAt);
}
