using System.Security.Cryptography;

namespace Credentials.Core.Secrets;

/// <summary>The tenant's data key (or the version a ciphertext names) is gone from the vault: the secret is crypto-shredded.</summary>
public sealed class DataKeyDeletedException : CryptographicException
{
    /// <summary>Creates the exception for a tenant; the message names no secret.</summary>
    public DataKeyDeletedException(string tenantId, string? version = null)
        : base(version is null
            ? $"The data key of tenant '{tenantId}' was deleted; its stored secrets can no longer be read or written."
            : $"The data key version '{version}' of tenant '{tenantId}' was deleted or never existed; secrets sealed with it can no longer be read.")
    {
        TenantId = tenantId;
    }

    /// <summary>Creates the exception with a message (serialisation and analyzers' pattern).</summary>
    public DataKeyDeletedException()
        : this(string.Empty)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DataKeyDeletedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TenantId = string.Empty;
    }

    /// <summary>The tenant whose key is gone.</summary>
    public string TenantId { get; }
}
