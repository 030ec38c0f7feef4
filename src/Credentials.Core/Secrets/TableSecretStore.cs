using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Secrets;

/// <summary>
/// Secret bundles as AES-256-GCM ciphertexts in the <c>secrets</c> table, sealed by an <see cref="ISecretSealer"/>: the Local key
/// ring, or a tenant's data key in Envelope mode. Rows of the first Local format (no format marker) still open with
/// <paramref name="legacyKeys"/> when given.
/// </summary>
public class TableSecretStore(TableProvider tables, ISecretSealer sealer, LocalSecretKeyRing? legacyKeys = null) : ISecretStore
{
    /// <summary>The format marker of rows sealed by an <see cref="ISecretSealer"/>.</summary>
    public const int SealedFormat = 2;

    // The store has no generation of its own (a bundle carries its own); the owner id binding is what moves are checked against.
    private const int StoreGeneration = 0;

    /// <inheritdoc />
    public async Task SetAsync(SecretAddress address, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var owner = TableKeys.Require(address.OwnerId);

        // Sealed before anything is written: a vault that refuses the key leaves the previous value in place.
        var sealedSecret = await sealer.SealAsync(address, StoreGeneration, value, cancellationToken);
        await WriteRowAsync(new StoredSecretRow(owner, address.TenantId, address.ConnectorId, SealedFormat, sealedSecret.KeyId, sealedSecret.Ciphertext), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (await ReadRowAsync(TableKeys.Require(address.OwnerId), cancellationToken) is not { } row)
        {
            return null;
        }

        // The repair reads orphans by owner id alone (SecretAddress.ForOwner): the owner id stays bound, the tenant is the row's.
        var bound = address.TenantId.Length == 0 ? address with { TenantId = row.TenantId } : address;
        if (row.Format == SealedFormat)
        {
            return await sealer.OpenAsync(bound, StoreGeneration, new SealedSecret(row.KeyId, row.Ciphertext), cancellationToken);
        }

        return legacyKeys is not null && row.Format == 0
            ? LegacyLocalCiphertext.Decrypt(legacyKeys, bound, row.KeyId, row.Ciphertext)
            : throw new CryptographicException($"The secret of '{row.OwnerId}' has format {row.Format}, which this store cannot open.");
    }

    /// <inheritdoc />
    public Task DeleteAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return DeleteRowAsync(TableKeys.Require(address.OwnerId), cancellationToken);
    }

    /// <summary>Reads a row, or null.</summary>
    protected virtual async Task<StoredSecretRow?> ReadRowAsync(string ownerId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableNames.Secrets, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<SecretEntity>(ownerId, string.Empty, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity
            ? new StoredSecretRow(entity.PartitionKey, entity.TenantId, entity.ConnectorId, entity.Format ?? 0, entity.KeyId, entity.Ciphertext)
            : null;
    }

    /// <summary>Writes (replaces) a row.</summary>
    protected virtual async Task WriteRowAsync(StoredSecretRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var table = await tables.GetTableAsync(TableNames.Secrets, cancellationToken);
        await table.UpsertEntityAsync(
            new SecretEntity
            {
                PartitionKey = row.OwnerId,
                RowKey = string.Empty,
                TenantId = row.TenantId,
                ConnectorId = row.ConnectorId,
                Format = row.Format,
                KeyId = row.KeyId,
                Ciphertext = row.Ciphertext,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>Deletes a row; a missing row is not an error.</summary>
    protected virtual async Task DeleteRowAsync(string ownerId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableNames.Secrets, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(ownerId, string.Empty, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Idempotent: a retried delete finds nothing.
        }
    }

    private sealed class SecretEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string TenantId { get; set; } = string.Empty;

        public string ConnectorId { get; set; } = string.Empty;

        public int? Format { get; set; }

        public string KeyId { get; set; } = string.Empty;

        public byte[] Ciphertext { get; set; } = [];
    }
}
