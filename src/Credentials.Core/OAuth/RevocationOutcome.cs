namespace Credentials.Core.OAuth;

/// <summary>What happened at the provider when a credential was deleted (the <c>Credential-Revocation</c> response header).</summary>
public enum RevocationOutcome
{
    /// <summary>The provider confirmed the revocation (2xx).</summary>
    Revoked,

    /// <summary>The connector revokes, but the provider refused, failed or could not be reached; the credential is deleted anyway.</summary>
    Failed,

    /// <summary>Not an oauth2 credential, or its connector has no <c>oauth2.revocation</c>.</summary>
    NotSupported,

    /// <summary>A refresh was running when the delete came; the repair revokes the newest tokens once it has ended.</summary>
    Pending,
}
