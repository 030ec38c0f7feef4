namespace Credentials.Core.Secrets;

/// <summary>A secret bundle encrypted for storage beside its metadata: the key that sealed it and nonce | tag | ciphertext.</summary>
/// <param name="KeyId">Which key sealed it (a Local key id, or a tenant data-key version in Envelope mode).</param>
/// <param name="Ciphertext">AES-256-GCM output: 12-byte nonce, 16-byte tag, then the ciphertext.</param>
public sealed record SealedSecret(string KeyId, byte[] Ciphertext);
