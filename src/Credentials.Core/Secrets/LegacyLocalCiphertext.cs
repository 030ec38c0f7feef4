using System.Security.Cryptography;
using System.Text;

namespace Credentials.Core.Secrets;

/// <summary>
/// The first Local store format (rows without a format marker): AES-256-GCM under a Local key ring key, with tenant and owner (no
/// generation) as associated data. Still read, so rows written before <see cref="TableSecretStore"/> keep opening; never written.
/// </summary>
public static class LegacyLocalCiphertext
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Encrypts with the ring's current key in the first format (tests use it to make old rows): nonce | tag | ciphertext.</summary>
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
    {
        ArgumentNullException.ThrowIfNull(address);
        return Encoding.UTF8.GetBytes($"{address.TenantId}\n{address.OwnerId}");
    }
}
