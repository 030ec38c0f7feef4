using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Webhooks;

/// <summary>Outbox rows (credentials table) and the pending-delivery index (webhookdeliveries table).</summary>
public class WebhookDeliveryStore(TableProvider tables)
{
    /// <summary>Writes (or rewrites) the index row that makes an event due at <paramref name="at"/>.</summary>
    public virtual async Task AddIndexAsync(string credentialId, string eventId, DateTimeOffset at, DateTimeOffset writtenAt, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.WebhookDeliveries, cancellationToken);
        await table.UpsertEntityAsync(
            new WebhookIndexEntity
            {
                PartitionKey = WebhookDeliveryIndex.Shard(eventId),
                RowKey = TableKeys.Require(WebhookDeliveryIndex.RowKey(at, credentialId, eventId)),
                CredentialId = credentialId,
                EventId = eventId,
                WrittenAt = writtenAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>Index rows due at <paramref name="now"/>, shard by shard, oldest first within a shard: a range query that reads O(due).</summary>
    public virtual async IAsyncEnumerable<WebhookIndexRow> ListDueAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.WebhookDeliveries, cancellationToken);
        var bound = WebhookDeliveryIndex.DueBound(now);
        foreach (var shard in WebhookDeliveryIndex.Shards)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shard} and RowKey lt {bound}");
            await foreach (var row in table.QueryAsync<WebhookIndexEntity>(filter, maxPerPage: 100, cancellationToken: cancellationToken))
            {
                yield return new WebhookIndexRow(row.PartitionKey, row.RowKey, row.CredentialId, row.EventId, row.WrittenAt);
            }
        }
    }

    /// <summary>Deletes an index row; a missing row counts as deleted.</summary>
    public virtual async Task DeleteIndexAsync(string shard, string rowKey, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.WebhookDeliveries, cancellationToken);
        await DeleteIgnoringMissingAsync(table, shard, rowKey, ETag.All, cancellationToken);
    }

    /// <summary>The event's outbox row with its ETag, or null.</summary>
    public virtual async Task<WebhookOutboxRow?> GetOutboxAsync(string credentialId, string eventId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<WebhookOutboxEntity>(CredentialRowKeys.Partition(credentialId), TableKeys.Require(OutboxRows.RowKey(eventId)), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        return new WebhookOutboxRow(credentialId, e.EventId, e.TenantId, e.EventType, e.OccurredAt, e.Body, e.Attempts, e.NextAttemptAt, e.ETag);
    }

    /// <summary>Records a failed attempt and the next due time, if the row is still at its ETag; false when it changed or is gone.</summary>
    public virtual async Task<bool> RescheduleOutboxAsync(WebhookOutboxRow row, DateTimeOffset attemptedAt, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(
                new WebhookOutboxEntity
                {
                    PartitionKey = CredentialRowKeys.Partition(row.CredentialId),
                    RowKey = OutboxRows.RowKey(row.EventId),
                    CredentialId = row.CredentialId,
                    TenantId = row.TenantId,
                    EventId = row.EventId,
                    EventType = row.EventType,
                    OccurredAt = row.OccurredAt,
                    Body = row.Body,
                    Attempts = row.Attempts + 1,
                    NextAttemptAt = nextAttemptAt,
                    LastAttemptAt = attemptedAt,
                },
                row.ETag,
                TableUpdateMode.Replace,
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>Deletes the outbox row; a missing row counts as deleted.</summary>
    public virtual async Task DeleteOutboxAsync(string credentialId, string eventId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        await DeleteIgnoringMissingAsync(table, CredentialRowKeys.Partition(credentialId), OutboxRows.RowKey(eventId), ETag.All, cancellationToken);
    }

    private static async Task DeleteIgnoringMissingAsync(TableClient table, string partitionKey, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(TableKeys.Require(partitionKey), TableKeys.Require(rowKey), etag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Already gone: another run finished it.
        }
    }
}
