using Azure;
using Azure.Data.Tables;
using Credentials.Core.Credentials;
using Credentials.Core.Storage;

namespace Credentials.TestSupport.Service;

/// <summary>The real credential store, except that it can fail the next conditional update of a row (a crash after the secret was written).</summary>
public sealed class FaultInjectingCredentialStore(TableProvider tables) : CredentialStore(tables)
{
    private int failNextUpdates;

    /// <summary>Makes the next <paramref name="count"/> transactional updates throw as if storage went away.</summary>
    public void FailNextUpdates(int count) => Interlocked.Exchange(ref failNextUpdates, count);

    /// <inheritdoc />
    public override Task<ETag?> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions[0].ActionType == TableTransactionActionType.UpdateReplace && Interlocked.Decrement(ref failNextUpdates) >= 0)
        {
            throw new RequestFailedException(503, "injected: storage unavailable after the secret was written");
        }

        Interlocked.CompareExchange(ref failNextUpdates, 0, -1);
        return base.SubmitAsync(actions, cancellationToken);
    }
}
