namespace Credentials.Core.Secrets;

/// <summary>One row of the <c>secrets</c> table: a sealed bundle and what it is bound to.</summary>
/// <param name="OwnerId">The credential or auth-config id (the PartitionKey).</param>
/// <param name="TenantId">The owning tenant, bound into the ciphertext.</param>
/// <param name="ConnectorId">The connector.</param>
/// <param name="Format">0: the first Local format (<see cref="LegacyLocalCiphertext"/>); <see cref="TableSecretStore.SealedFormat"/>: sealed by an <see cref="ISecretSealer"/>.</param>
/// <param name="KeyId">The key that sealed it (a Local key id, or a data-key version).</param>
/// <param name="Ciphertext">Nonce | tag | ciphertext.</param>
public sealed record StoredSecretRow(string OwnerId, string TenantId, string ConnectorId, int Format, string KeyId, byte[] Ciphertext);
