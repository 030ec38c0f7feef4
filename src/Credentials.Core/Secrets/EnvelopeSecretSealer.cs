using System.Collections.Concurrent;
using System.Security.Cryptography;
using Credentials.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Secrets;

/// <summary>
/// Envelope mode: seals with the tenant's data key, a versioned Key Vault secret (<see cref="TenantDataKeyVault"/>). Keys and each
/// tenant's current version are cached (<see cref="DataKeyCache"/>), and concurrent misses of one key share one vault read, so a
/// warm instance makes one vault call per tenant per <c>Credentials__DataKeyCacheTtl</c>, whatever its traffic.
/// </summary>
public sealed class EnvelopeSecretSealer : ISecretSealer
{
    private readonly TenantDataKeyVault vault;
    private readonly DataKeyCache cache;
    private readonly ConcurrentDictionary<(string TenantId, string? Version), Lazy<Task<DataKey>>> inFlight = new();

    /// <summary>Creates the sealer over the vault, with the cache size and time to live from the options.</summary>
    public EnvelopeSecretSealer(TenantDataKeyVault vault, IOptions<CredentialsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(options);
        this.vault = vault;
        cache = new DataKeyCache(options.Value.DataKeyCacheSize, options.Value.DataKeyCacheTtl, time);
    }

    /// <summary>The in-memory keys, for tests and figures.</summary>
    public DataKeyCache Cache => cache;

    /// <inheritdoc />
    public async Task<SealedSecret> SealAsync(SecretAddress address, int generation, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var (version, key) = await CurrentKeyAsync(address.TenantId, cancellationToken);
        try
        {
            return new SealedSecret(version, AesGcmSeal.Encrypt(key, address, generation, plaintext.Span));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> OpenAsync(SecretAddress address, int generation, SealedSecret sealedSecret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(sealedSecret);
        var key = cache.TryGetKey(address.TenantId, sealedSecret.KeyId) ?? await FetchAsync(address.TenantId, sealedSecret.KeyId, cancellationToken);
        try
        {
            return AesGcmSeal.Decrypt(key, address, generation, sealedSecret.Ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <inheritdoc />
    public async Task<string> CurrentKeyIdAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var (version, key) = await CurrentKeyAsync(tenantId, cancellationToken);
        CryptographicOperations.ZeroMemory(key);
        return version;
    }

    /// <summary>Adds a new version of the tenant's key; from now on this instance seals with it (others within the cache's time to live).</summary>
    public async Task<string> RotateAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var added = await vault.AddVersionAsync(tenantId, cancellationToken);
        Remember(tenantId, added, current: true);
        CryptographicOperations.ZeroMemory(added.Key);
        return added.Version;
    }

    /// <summary>Deletes the tenant's key from the vault and from this instance's memory (others forget it within the cache's time to live).</summary>
    public async Task<DataKeyDeletion?> ShredAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        cache.RemoveTenant(tenantId);
        var deletion = await vault.DeleteAsync(tenantId, cancellationToken);

        // A read that was in flight during the delete may have cached a key again.
        cache.RemoveTenant(tenantId);
        return deletion;
    }

    private async Task<(string Version, byte[] Key)> CurrentKeyAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (cache.TryGetCurrent(tenantId) is { } version && cache.TryGetKey(tenantId, version) is { } cached)
        {
            return (version, cached);
        }

        var current = await SharedAsync(tenantId, null, () => vault.GetOrCreateCurrentAsync(tenantId, CancellationToken.None), cancellationToken);
        return (current.Version, current.Key.ToArray());
    }

    private async Task<byte[]> FetchAsync(string tenantId, string version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var fetched = await SharedAsync(tenantId, version, () => vault.GetVersionAsync(tenantId, version, CancellationToken.None), cancellationToken);
        return fetched.Key.ToArray();
    }

    // One vault call per key however many callers miss it at once; each caller may stop waiting, the call itself finishes and is cached.
    private async Task<DataKey> SharedAsync(string tenantId, string? version, Func<Task<DataKey>> fetch, CancellationToken cancellationToken)
    {
        var slot = (tenantId, version);
        var lazy = inFlight.GetOrAdd(slot, _ => new Lazy<Task<DataKey>>(async () =>
        {
            try
            {
                var key = await fetch();
                Remember(tenantId, key, current: version is null);
                return key;
            }
            finally
            {
                inFlight.TryRemove(slot, out Lazy<Task<DataKey>>? _);
            }
        }));
        return await lazy.Value.WaitAsync(cancellationToken);
    }

    private void Remember(string tenantId, DataKey key, bool current)
    {
        cache.AddKey(tenantId, key.Version, key.Key);
        if (current)
        {
            cache.SetCurrent(tenantId, key.Version);
        }
    }
}
