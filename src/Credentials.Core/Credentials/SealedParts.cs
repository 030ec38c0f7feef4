using Credentials.Core.Secrets;

namespace Credentials.Core.Credentials;

/// <summary>
/// Splits a sealed bundle over the row's binary properties <c>Sealed0</c>..<c>Sealed3</c> (Table Storage allows 64 KiB per
/// binary property) and joins them back; <see cref="SealedBundleLimit"/> keeps a bundle within them.
/// </summary>
internal static class SealedParts
{
    public static void Write(CredentialEntity entity, SealedSecret sealedSecret)
    {
        var bytes = sealedSecret.Ciphertext;
        if (bytes.Length > SealedBundleLimit.MaxCiphertextBytes)
        {
            throw new InvalidOperationException($"A sealed bundle of {bytes.Length} bytes is over the row's limit; SealedBundleLimit must refuse it first.");
        }

        entity.SealedKeyId = sealedSecret.KeyId;
        entity.Sealed0 = Part(bytes, 0);
        entity.Sealed1 = Part(bytes, 1);
        entity.Sealed2 = Part(bytes, 2);
        entity.Sealed3 = Part(bytes, 3);
    }

    public static SealedSecret? Read(CredentialEntity entity)
    {
        if (entity.SealedKeyId is not { } keyId || entity.Sealed0 is not { } first)
        {
            return null;
        }

        byte[][] parts = [first, entity.Sealed1 ?? [], entity.Sealed2 ?? [], entity.Sealed3 ?? []];
        return new SealedSecret(keyId, [.. parts.SelectMany(p => p)]);
    }

    private static byte[]? Part(byte[] bytes, int index)
    {
        var start = index * SealedBundleLimit.PartBytes;
        return start >= bytes.Length && index > 0 ? null : bytes[start..Math.Min(bytes.Length, start + SealedBundleLimit.PartBytes)];
    }
}
