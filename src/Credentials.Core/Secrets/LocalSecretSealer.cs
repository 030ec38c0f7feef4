using System.Security.Cryptography;

namespace Credentials.Core.Secrets;

/// <summary>Seals with the Local key ring: one configured key for every tenant, previous keys still open.</summary>
public sealed class LocalSecretSealer(LocalSecretKeyRing keys) : ISecretSealer
{
    /// <inheritdoc />
    public Task<SealedSecret> SealAsync(SecretAddress address, int generation, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        var (keyId, key) = keys.Current;
        return Task.FromResult(new SealedSecret(keyId, AesGcmSeal.Encrypt(key, address, generation, plaintext.Span)));
    }

    /// <inheritdoc />
    public Task<byte[]> OpenAsync(SecretAddress address, int generation, SealedSecret sealedSecret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sealedSecret);
        var key = keys.Find(sealedSecret.KeyId) ?? throw new CryptographicException($"The secret was sealed with key '{sealedSecret.KeyId}', which is not configured.");
        return Task.FromResult(AesGcmSeal.Decrypt(key, address, generation, sealedSecret.Ciphertext));
    }

    /// <inheritdoc />
    public Task<string> CurrentKeyIdAsync(string tenantId, CancellationToken cancellationToken = default) => Task.FromResult(keys.Current.KeyId);
}
