using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;

namespace Credentials.Core.Refresh;

/// <summary>
/// A minimal <see cref="ICredentialAccess"/>: the stored values as they are, without refreshing (so <c>forceRefresh</c> changes
/// nothing). REVIEW: a stand-in until the refresh service implements the port; it is registered with TryAdd so that one replaces it.
/// </summary>
public sealed class StoredCredentialAccess(CredentialStore credentials, ISecretStore secrets, ConnectorCatalog catalog) : ICredentialAccess
{
    /// <inheritdoc />
    public async Task<UsableCredential> GetUsableAsync(TenantContext tenant, string credentialId, bool forceRefresh = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!ResourceIds.IsWellFormed(credentialId, ResourceIds.Credential))
        {
            throw ServiceException.Invalid("credentialId", "Not a credential id.");
        }

        var found = await credentials.GetAsync(credentialId, cancellationToken).ConfigureAwait(false);
        if (found is not { } hit || !string.Equals(hit.Credential.TenantId, tenant.TenantId, StringComparison.Ordinal))
        {
            throw ServiceException.NotFound("credential");
        }

        var credential = hit.Credential;
        if (credential.Status == CredentialStatus.Invalid)
        {
            throw ServiceException.CredentialInvalid(credential.CredentialId, credential.StatusReason);
        }

        var connector = catalog.Find(credential.ConnectorId)
            ?? throw ServiceException.Invalid("credentialId", $"The credential's connector '{credential.ConnectorId}' is no longer in the catalogue.");
        var bytes = await secrets.GetAsync(CredentialService.AddressOf(credential), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Credential {credential.CredentialId} has no secret.");
        var bundle = SecretBundle.FromBytes(bytes);
        return new UsableCredential(credential, connector, CredentialValues.Combine(credential.Metadata, bundle.Fields, bundle.Tokens?.AccessToken));
    }
}
