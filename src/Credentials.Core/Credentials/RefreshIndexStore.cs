using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Credentials;

/// <summary>
/// The due index: PartitionKey = a shard of the credential id, RowKey = <c>{nextRefreshAt}|{credentialId}</c>, so the sweep's
/// read is a range query per shard that touches only due rows. The credential row is the truth; index rows that disagree
/// with it are stale and removed by the sweep.
/// </summary>
public class RefreshIndexStore(TableProvider tables)
{
    /// <summary>Number of shards (partitions) the index is spread over.</summary>
    public const int Shards = 8;

    private const string TimeFormat = "yyyyMMddHHmmssfff";

    /// <summary>Adds the entry for a credential's next refresh.</summary>
    public virtual async Task AddAsync(string credentialId, DateTimeOffset nextRefreshAt, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.RefreshIndex, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Shard(credentialId), RowKey(credentialId, nextRefreshAt)), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Adds a create's intent at <paramref name="at"/>, naming the refresh entry <paramref name="refreshAt"/> the create writes next.</summary>
    public virtual async Task AddIntentAsync(string credentialId, DateTimeOffset at, DateTimeOffset? refreshAt, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.RefreshIndex, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Shard(credentialId), RowKey(credentialId, at)) { ["RefreshAt"] = refreshAt }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Adds the entry when the credential has a next refresh at all (tokens without expiry may have none).</summary>
    public virtual Task AddIfScheduledAsync(string credentialId, DateTimeOffset? nextRefreshAt, CancellationToken cancellationToken = default)
        => nextRefreshAt is { } at ? AddAsync(credentialId, at, cancellationToken) : Task.CompletedTask;

    /// <summary>Removes the previous entry of a credential whose next refresh moved from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public virtual Task RemoveIfMovedAsync(string credentialId, DateTimeOffset? previous, DateTimeOffset? current, CancellationToken cancellationToken = default)
        => previous is { } old && old != current ? RemoveAsync(credentialId, old, cancellationToken) : Task.CompletedTask;

    /// <summary>Removes an entry (missing is fine).</summary>
    public virtual async Task RemoveAsync(string credentialId, DateTimeOffset nextRefreshAt, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.RefreshIndex, cancellationToken);
        await table.DeleteEntityAsync(Shard(credentialId), RowKey(credentialId, nextRefreshAt), ETag.All, cancellationToken);
    }

    /// <summary>Streams every entry due at or before <paramref name="now"/>, shard by shard, oldest first within a shard.</summary>
    public virtual async IAsyncEnumerable<DueEntry> ReadDueAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.RefreshIndex, cancellationToken);
        // '}' sorts after '|', so every row of the last due millisecond is included.
        var upper = now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "}";
        for (var shard = 0; shard < Shards; shard++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"s" + shard.ToString(CultureInfo.InvariantCulture)} and RowKey lt {upper}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey", "RefreshAt"], cancellationToken: cancellationToken))
            {
                if (Parse(row.RowKey) is { } entry)
                {
                    yield return row.GetDateTimeOffset("RefreshAt") is { } refreshAt ? entry with { RefreshAt = refreshAt } : entry;
                }
            }
        }
    }

    /// <summary>The shard of a credential id (stable across processes).</summary>
    public static string Shard(string credentialId)
        => "s" + (SHA256.HashData(Encoding.UTF8.GetBytes(credentialId))[0] % Shards).ToString(CultureInfo.InvariantCulture);

    private static string RowKey(string credentialId, DateTimeOffset at)
        => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "|" + TableKeys.Require(credentialId);

    private static DueEntry? Parse(string rowKey)
    {
        var bar = rowKey.IndexOf('|', StringComparison.Ordinal);
        if (bar != TimeFormat.Length || !DateTime.TryParseExact(rowKey[..bar], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return null;
        }

        return new DueEntry(rowKey[(bar + 1)..], new DateTimeOffset(at, TimeSpan.Zero));
    }
}
