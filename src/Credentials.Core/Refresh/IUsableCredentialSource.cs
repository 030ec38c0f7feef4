using Credentials.Core.Credentials;
using Credentials.Core.Tenancy;

namespace Credentials.Core.Refresh;

/// <summary>
/// The one way to use a credential: checks the tenant, refuses invalid credentials (409 <c>credential_invalid</c>), and for
/// OAuth credentials returns a valid access token, refreshing first when it is due (or when <c>forceRefresh</c> says the
/// provider just refused it).
/// </summary>
public interface IUsableCredentialSource
{
    /// <summary>The credential's usable values.</summary>
    Task<UsableCredential> GetUsableAsync(TenantContext tenant, string credentialId, bool forceRefresh = false, CancellationToken cancellationToken = default);
}
