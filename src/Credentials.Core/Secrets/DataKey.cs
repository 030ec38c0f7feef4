namespace Credentials.Core.Secrets;

/// <summary>One version of a tenant's 256-bit data key, as read from the vault.</summary>
/// <param name="Version">The Key Vault secret version: the <see cref="SealedSecret.KeyId"/> of what it seals.</param>
/// <param name="Key">The 32 key bytes.</param>
public sealed record DataKey(string Version, byte[] Key);
