namespace Credentials.IntegrationTests.Refresh;

/// <summary>A secret store that counts what passes through to another.</summary>
public sealed class CountingSecretStore(Credentials.Core.Secrets.ISecretStore inner) : Credentials.Core.Secrets.ISecretStore
{
    private int reads;

    public int Reads => Volatile.Read(ref reads);

    public Task SetAsync(Credentials.Core.Secrets.SecretAddress address, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
        => inner.SetAsync(address, value, cancellationToken);

    public Task<byte[]?> GetAsync(Credentials.Core.Secrets.SecretAddress address, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref reads);
        return inner.GetAsync(address, cancellationToken);
    }

    public Task DeleteAsync(Credentials.Core.Secrets.SecretAddress address, CancellationToken cancellationToken = default)
        => inner.DeleteAsync(address, cancellationToken);
}
