using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Secrets;

/// <summary>
/// AES-256-GCM ciphertexts in Table Storage for local runs. The associated data binds tenant and owner id, so a ciphertext
/// copied to another row fails to decrypt; each ciphertext names its key id, so keys can rotate.
/// </summary>
public sealed class LocalSecretStore(TableProvider tables, LocalSecretKeyRing keys) : ISecretStore
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <inheritdoc />
    public async Task SetAsync(SecretAddress address, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var table = await tables.GetTableAsync(TableNames.Secrets, cancellationToken);
        var (keyId, ciphertext) = Encrypt(keys, address, value.Span);
        await table.UpsertEntityAsync(
            new LocalSecretEntity
            {
                PartitionKey = TableKeys.Require(address.OwnerId),
                RowKey = string.Empty,
                TenantId = address.TenantId,
                ConnectorId = address.ConnectorId,
                KeyId = keyId,
                Ciphertext = ciphertext,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var table = await tables.GetTableAsync(TableNames.Secrets, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<LocalSecretEntity>(TableKeys.Require(address.OwnerId), string.Empty, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        // The repair reads orphans by owner id alone (SecretAddress.ForOwner): the owner id stays bound, the tenant is the row's.
        var bound = address.TenantId.Length == 0 ? address with { TenantId = entity.TenantId } : address;
        return Decrypt(keys, bound, entity.KeyId, entity.Ciphertext);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var table = await tables.GetTableAsync(TableNames.Secrets, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(TableKeys.Require(address.OwnerId), string.Empty, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Idempotent: a retried delete finds nothing.
        }
    }

    /// <summary>Encrypts with the current key: nonce | tag | ciphertext.</summary>
    public static (string KeyId, byte[] Ciphertext) Encrypt(LocalSecretKeyRing keys, SecretAddress address, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var (keyId, key) = keys.Current;
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), AssociatedData(address));
        return (keyId, output);
    }

    /// <summary>Decrypts; throws <see cref="CryptographicException"/> when the ciphertext was altered, moved or its key is unknown.</summary>
    public static byte[] Decrypt(LocalSecretKeyRing keys, SecretAddress address, string keyId, byte[] ciphertext)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(ciphertext);
        var key = keys.Find(keyId) ?? throw new CryptographicException($"The secret was encrypted with key '{keyId}', which is not configured.");
        if (ciphertext.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The ciphertext is truncated.");
        }

        var plaintext = new byte[ciphertext.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(
            ciphertext.AsSpan(0, NonceSize),
            ciphertext.AsSpan(NonceSize + TagSize),
            ciphertext.AsSpan(NonceSize, TagSize),
            plaintext,
            AssociatedData(address));
        return plaintext;
    }

    private static byte[] AssociatedData(SecretAddress address)
        => Encoding.UTF8.GetBytes($"{address.TenantId}\n{address.OwnerId}");

    private sealed class LocalSecretEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;
        public string RowKey { get; set; } = string.Empty;
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string TenantId { get; set; } = string.Empty;
        public string ConnectorId { get; set; } = string.Empty;
        public string KeyId { get; set; } = string.Empty;
        public byte[] Ciphertext { get; set; } = [];
    }
}
