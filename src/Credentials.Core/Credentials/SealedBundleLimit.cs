using Credentials.Core.Errors;

namespace Credentials.Core.Credentials;

/// <summary>
/// How large a secret bundle may be when it is sealed into its credential row: 4 binary properties of 64 KiB (256 KiB of
/// ciphertext), well under Table Storage's 1 MiB and 252 properties per entity, leaving the metadata and an entity group
/// transaction's other rows their room.
/// </summary>
public static class SealedBundleLimit
{
    /// <summary>The largest binary property Table Storage stores.</summary>
    public const int PartBytes = 64 * 1024;

    /// <summary>How many properties a sealed bundle may span.</summary>
    public const int MaxParts = 4;

    /// <summary>The largest ciphertext a row holds.</summary>
    public const int MaxCiphertextBytes = PartBytes * MaxParts;

    /// <summary>What AES-GCM adds to a plaintext (nonce and tag).</summary>
    public const int SealOverhead = 12 + 16;

    /// <summary>The largest serialized bundle (JSON bytes) a row holds.</summary>
    public const int MaxBundleBytes = MaxCiphertextBytes - SealOverhead;

    /// <summary>Whether a serialized bundle of <paramref name="bundleBytes"/> bytes fits a row.</summary>
    public static bool Fits(int bundleBytes) => bundleBytes <= MaxBundleBytes;

    /// <summary>The 400 a create answers for a bundle over the limit (nothing is written).</summary>
    public static ServiceException TooLarge(int bundleBytes)
        => ServiceException.Invalid("data", $"The credential's secret values take {bundleBytes} bytes stored; at most {MaxBundleBytes} fit.");
}
