using System.Security.Cryptography;
using System.Text;
using Credentials.Core.Secrets;

namespace Credentials.UnitTests.Secrets;

public class LocalSecretStoreCryptoTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private static readonly SecretAddress Address = new("ten-aaaaaaaaaaaaaaaaaaaaaaaaaa", "crd-bbbbbbbbbbbbbbbbbbbbbbbbbb", "stripe");
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("{\"fields\":{\"apiKey\":\"sk_test_canary\"}}");

    [Fact]
    public void CiphertextRoundTripsAndHidesThePlaintext()
    {
        var ring = new LocalSecretKeyRing(KeyA, []);
        var (keyId, ciphertext) = LegacyLocalCiphertext.Encrypt(ring, Address, Plaintext);

        Assert.Equal(ring.Current.KeyId, keyId);
        Assert.DoesNotContain("sk_test_canary", Encoding.UTF8.GetString(ciphertext), StringComparison.Ordinal);
        Assert.Equal(Plaintext, LegacyLocalCiphertext.Decrypt(ring, Address, keyId, ciphertext));
    }

    [Fact]
    public void SamePlaintextEncryptsDifferentlyEachTime()
    {
        var ring = new LocalSecretKeyRing(KeyA, []);
        Assert.NotEqual(LegacyLocalCiphertext.Encrypt(ring, Address, Plaintext).Ciphertext, LegacyLocalCiphertext.Encrypt(ring, Address, Plaintext).Ciphertext);
    }

    [Fact]
    public void TamperedCiphertextFailsToDecrypt()
    {
        var ring = new LocalSecretKeyRing(KeyA, []);
        var (keyId, ciphertext) = LegacyLocalCiphertext.Encrypt(ring, Address, Plaintext);
        ciphertext[^1] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => LegacyLocalCiphertext.Decrypt(ring, Address, keyId, ciphertext));
    }

    [Fact]
    public void CiphertextMovedToAnotherCredentialOrTenantFailsToDecrypt()
    {
        var ring = new LocalSecretKeyRing(KeyA, []);
        var (keyId, ciphertext) = LegacyLocalCiphertext.Encrypt(ring, Address, Plaintext);

        Assert.ThrowsAny<CryptographicException>(() => LegacyLocalCiphertext.Decrypt(ring, Address with { OwnerId = "crd-cccccccccccccccccccccccccc" }, keyId, ciphertext));
        Assert.ThrowsAny<CryptographicException>(() => LegacyLocalCiphertext.Decrypt(ring, Address with { TenantId = "ten-dddddddddddddddddddddddddd" }, keyId, ciphertext));
    }

    [Fact]
    public void RotatedRingStillDecryptsOldCiphertextAndEncryptsWithTheNewKey()
    {
        var old = new LocalSecretKeyRing(KeyA, []);
        var (oldKeyId, ciphertext) = LegacyLocalCiphertext.Encrypt(old, Address, Plaintext);
        var rotated = new LocalSecretKeyRing(KeyB, [KeyA]);

        Assert.Equal(Plaintext, LegacyLocalCiphertext.Decrypt(rotated, Address, oldKeyId, ciphertext));
        Assert.NotEqual(oldKeyId, LegacyLocalCiphertext.Encrypt(rotated, Address, Plaintext).KeyId);
        Assert.ThrowsAny<CryptographicException>(() => LegacyLocalCiphertext.Decrypt(new LocalSecretKeyRing(KeyB, []), Address, oldKeyId, ciphertext));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void KeyMustBe32BytesOfBase64(string? key)
        => Assert.Throws<InvalidOperationException>(() => new LocalSecretKeyRing(key, []));
}
