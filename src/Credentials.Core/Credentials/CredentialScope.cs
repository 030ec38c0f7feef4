using Azure;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Tenancy;

namespace Credentials.Core.Credentials;

/// <summary>
/// The one tenant check for credential ids: a malformed id is 400; another tenant's id and a credential being deleted answer
/// exactly like an unknown one (404).
/// </summary>
public static class CredentialScope
{
    /// <summary>The tenant's credential and its ETag.</summary>
    public static async Task<(Credential Credential, ETag ETag)> RequireCredentialAsync(CredentialStore credentials, TenantContext tenant, string credentialId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(tenant);
        if (!ResourceIds.IsWellFormed(credentialId, ResourceIds.Credential))
        {
            throw ServiceException.Invalid("credentialId", "Not a credential id.");
        }

        var found = await credentials.GetAsync(credentialId, cancellationToken);
        return found is { } hit && hit.Credential.IsVisible && string.Equals(hit.Credential.TenantId, tenant.TenantId, StringComparison.Ordinal)
            ? hit
            : throw ServiceException.NotFound("credential");
    }
}
