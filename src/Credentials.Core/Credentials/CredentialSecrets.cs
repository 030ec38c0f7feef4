using Credentials.Core.Secrets;

namespace Credentials.Core.Credentials;

/// <summary>Where a credential's secret bundle lives in the secret store.</summary>
public static class CredentialSecrets
{
    /// <summary>The secret address of a credential.</summary>
    public static SecretAddress AddressOf(Credential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new SecretAddress(credential.TenantId, credential.CredentialId, credential.ConnectorId);
    }
}
