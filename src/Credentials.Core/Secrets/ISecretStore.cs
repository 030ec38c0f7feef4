namespace Credentials.Core.Secrets;

/// <summary>Holds the secret bundle of one credential (or auth config) as opaque JSON bytes.</summary>
public interface ISecretStore
{
    /// <summary>Writes a new version of the secret; the previous value is replaced.</summary>
    Task SetAsync(SecretAddress address, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Reads the current value, or null when there is none.</summary>
    Task<byte[]?> GetAsync(SecretAddress address, CancellationToken cancellationToken = default);

    /// <summary>Deletes the secret; deleting a missing secret is not an error.</summary>
    Task DeleteAsync(SecretAddress address, CancellationToken cancellationToken = default);
}
