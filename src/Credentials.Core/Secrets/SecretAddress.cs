namespace Credentials.Core.Secrets;

/// <summary>Which secret: the owner id (a credential or auth config id, safe as a Key Vault name) and its tenant and connector.</summary>
/// <param name="TenantId">The tenant that owns the secret; bound into the ciphertext or tags.</param>
/// <param name="OwnerId">A credential or auth-config id: opaque, matching <c>^[a-z0-9-]{1,100}$</c>.</param>
/// <param name="ConnectorId">The connector, recorded as a tag.</param>
public sealed record SecretAddress(string TenantId, string OwnerId, string ConnectorId)
{
    /// <summary>An address that names only the owner: enough to delete (every store keys secrets by owner id alone).</summary>
    public static SecretAddress ForOwner(string ownerId) => new(string.Empty, ownerId, string.Empty);
}
