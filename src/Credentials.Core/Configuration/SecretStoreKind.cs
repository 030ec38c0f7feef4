namespace Credentials.Core.Configuration;

/// <summary>The secret store implementations.</summary>
public enum SecretStoreKind
{
    /// <summary>One Key Vault secret per credential.</summary>
    KeyVault,

    /// <summary>AES-256-GCM ciphertext in Table Storage with a key from configuration.</summary>
    Local,

    /// <summary>AES-256-GCM ciphertext in Table Storage under a data key per tenant that Key Vault holds.</summary>
    Envelope,
}
