namespace Credentials.Core.Credentials;

/// <summary>Whether a credential can be used.</summary>
public enum CredentialStatus
{
    /// <summary>Usable.</summary>
    Active,

    /// <summary>Needs the end user again.</summary>
    Invalid,

    /// <summary>Deleted as far as the API is concerned; the repair revokes, removes the secret and then the row.</summary>
    Deleting,
}
