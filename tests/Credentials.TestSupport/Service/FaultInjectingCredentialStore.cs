using Azure;
using Credentials.Core.Credentials;
using Credentials.Core.Storage;

namespace Credentials.TestSupport.Service;

/// <summary>The real credential store, except that it can fail the next conditional update of a row (a crash after the secret was written).</summary>
public sealed class FaultInjectingCredentialStore(TableProvider tables) : CredentialStore(tables)
{
    private int failNextUpdates;

    /// <summary>Makes the next <paramref name="count"/> metadata writes of a refresh (lease already released in the new row) throw as if storage went away.</summary>
    public void FailNextUpdates(int count) => Interlocked.Exchange(ref failNextUpdates, count);

    /// <inheritdoc />
    public override Task<ETag?> TryReplaceAsync(Credential credential, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);

        // The lease claim sets a lease; the commit after the provider answered clears it: that write is the one that fails.
        if (credential.LeaseUntil is null && credential.LastRefreshedAt is not null && Volatile.Read(ref failNextUpdates) > 0
            && Interlocked.Decrement(ref failNextUpdates) >= 0)
        {
            throw new RequestFailedException(503, "injected: storage unavailable after the secret was written");
        }

        return base.TryReplaceAsync(credential, etag, cancellationToken);
    }
}
