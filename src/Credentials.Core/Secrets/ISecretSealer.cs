namespace Credentials.Core.Secrets;

/// <summary>
/// Encrypts secret bundles that are stored in Table Storage (Local and Envelope modes). The associated data binds tenant,
/// owner and generation, so a ciphertext moved to another row, tenant or generation fails to open.
/// </summary>
public interface ISecretSealer
{
    /// <summary>Seals with the tenant's current key.</summary>
    Task<SealedSecret> SealAsync(SecretAddress address, int generation, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default);

    /// <summary>Opens a sealed secret; throws <see cref="System.Security.Cryptography.CryptographicException"/> when it was altered, moved or its key is gone.</summary>
    Task<byte[]> OpenAsync(SecretAddress address, int generation, SealedSecret sealedSecret, CancellationToken cancellationToken = default);

    /// <summary>The id of the key <see cref="SealAsync"/> uses now for this tenant: a ciphertext under another key is due for re-sealing.</summary>
    Task<string> CurrentKeyIdAsync(string tenantId, CancellationToken cancellationToken = default);
}
