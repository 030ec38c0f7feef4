using System.Security.Cryptography;
using System.Text;

namespace Credentials.Core.Secrets;

/// <summary>The AES-256-GCM layout every sealer shares: nonce | tag | ciphertext, with tenant, owner and generation as associated data.</summary>
public static class AesGcmSeal
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Encrypts under <paramref name="key"/> with a fresh random nonce.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> key, SecretAddress address, int generation, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(address);
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), AssociatedData(address, generation));
        return output;
    }

    /// <summary>Decrypts; throws <see cref="CryptographicException"/> when the ciphertext was altered or bound to another address or generation.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> key, SecretAddress address, int generation, ReadOnlySpan<byte> ciphertext)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (ciphertext.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The ciphertext is truncated.");
        }

        var plaintext = new byte[ciphertext.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(ciphertext[..NonceSize], ciphertext[(NonceSize + TagSize)..], ciphertext.Slice(NonceSize, TagSize), plaintext, AssociatedData(address, generation));
        return plaintext;
    }

    private static byte[] AssociatedData(SecretAddress address, int generation)
        => Encoding.UTF8.GetBytes($"{address.TenantId}\n{address.OwnerId}\n{generation}");
}
