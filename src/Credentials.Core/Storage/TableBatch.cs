using Azure.Data.Tables;

namespace Credentials.Core.Storage;

/// <summary>The one way to submit a Table transaction: it refuses actions that span partitions, which Azure rejects and Azurite accepts.</summary>
public static class TableBatch
{
    /// <summary>Largest number of actions Azure accepts in one transaction.</summary>
    public const int MaxActions = 100;

    /// <summary>Submits the actions as one atomic transaction within a single partition.</summary>
    public static async Task<IReadOnlyList<Azure.Response>> SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0)
        {
            return [];
        }

        if (actions.Count > MaxActions)
        {
            throw new ArgumentException($"A transaction holds at most {MaxActions} actions; got {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(a => !string.Equals(a.Entity.PartitionKey, partition, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("A Table transaction must stay within one partition (Azure rejects cross-partition batches).");
        }

        var response = await table.SubmitTransactionAsync(actions, cancellationToken);
        return response.Value;
    }
}
