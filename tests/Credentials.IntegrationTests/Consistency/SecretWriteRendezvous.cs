using Credentials.Core.Secrets;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>
/// A shared secret store that holds every write back until <c>parties</c> writes have arrived, then lets them all go: a barrier
/// that makes concurrent operations overlap at their secret write, on any code path that writes a secret.
/// </summary>
public sealed class SecretWriteRendezvous(ISecretStore inner, int parties) : ISecretStore
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;

    public async Task SetAsync(SecretAddress address, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref arrived) >= parties)
        {
            allArrived.TrySetResult();
        }

        // Not a sleep: fails the test instead of hanging when fewer writers than expected ever arrive.
        await allArrived.Task.WaitAsync(Patience, cancellationToken);
        await inner.SetAsync(address, value, cancellationToken);
    }

    public Task<byte[]?> GetAsync(SecretAddress address, CancellationToken cancellationToken = default) => inner.GetAsync(address, cancellationToken);

    public Task DeleteAsync(SecretAddress address, CancellationToken cancellationToken = default) => inner.DeleteAsync(address, cancellationToken);
}
