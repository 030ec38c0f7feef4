using Credentials.Core.Secrets;

namespace Credentials.TestSupport.Crashes;

/// <summary>Counts the calls of a secret store that does not go through an Azure SDK pipeline on a <see cref="CrashPolicy"/>, and crashes with it.</summary>
public sealed class CrashingSecretStore(ISecretStore inner, CrashPolicy crashes) : ISecretStore
{
    /// <inheritdoc />
    public Task SetAsync(SecretAddress address, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        crashes.OnStorageCall("SET secret " + address.OwnerId);
        return inner.SetAsync(address, value, cancellationToken);
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        crashes.OnStorageCall("GET secret " + address.OwnerId);
        return inner.GetAsync(address, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(SecretAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        crashes.OnStorageCall("DELETE secret " + address.OwnerId);
        return inner.DeleteAsync(address, cancellationToken);
    }
}
