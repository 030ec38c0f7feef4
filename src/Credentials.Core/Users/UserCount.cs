using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Users;

/// <summary>
/// A tenant's user count: one row (RowKey <see cref="Row"/>, sorting after every username) in the tenant's partition of the
/// <c>users</c> table, changed in the same transaction as the reservation it counts, so it equals the number of reservations
/// (docs/consistency.md, I9). A tenant from before the count gets its row from one count of its reservations.
/// </summary>
public static class UserCount
{
    /// <summary>The RowKey of the count row.</summary>
    public const string Row = "~count";

    private const string CountProperty = "Count";

    /// <summary>The tenant's count now, and the action that moves it by <paramref name="delta"/> in a transaction (an insert when the row is new).</summary>
    public static async Task<(int Count, TableTransactionAction Change)> ReadAsync(TableClient table, string tenantId, int delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var partition = TableKeys.Require(tenantId);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, Row, cancellationToken: cancellationToken);
        if (response.HasValue && response.Value is { } row)
        {
            var count = row.GetInt32(CountProperty) ?? 0;
            return (count, new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity(partition, Row) { [CountProperty] = count + delta }, row.ETag));
        }

        var existing = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {Row}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            existing++;
        }

        return (existing, new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, Row) { [CountProperty] = existing + delta }));
    }

    /// <summary>True when a transaction failed on its count action (another create or delete moved the count first: read again).</summary>
    public static bool LostTheCount(TableTransactionFailedException failure, int countActionIndex)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.FailedTransactionActionIndex == countActionIndex && failure.Status is 409 or 412;
    }

}
