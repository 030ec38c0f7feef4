using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Idempotency;

/// <summary>
/// Idempotency records in one table, in two kinds of rows.
/// <list type="bullet">
/// <item>The record: PartitionKey <c>key|{tenantId}</c>, RowKey the key's hash (<see cref="IdempotencyKey.StorageId"/>). Its place
/// depends on the tenant and key only, so a lookup is one point read and the insert-only AddEntity there is the single point where
/// concurrent first requests are told apart. A layout with the record in a bucket of its creation day (lookups reading today's and
/// yesterday's bucket) was rejected: two first requests on either side of midnight insert into two buckets and both proceed.</item>
/// <item>The expiry index: PartitionKey <c>exp|{yyyyMMddHH of expiry}|{tenantId}</c>, RowKey the same hash, no data. It is written
/// before the record is inserted or re-claimed, so every record has an index row in the hour it expires. The cleanup range-queries
/// the hours before the current one and so reads only expired rows, never a scan of live records, like the OAuth states.</item>
/// </list>
/// Reads treat a record past <see cref="IdempotencyRecord.ExpiresAt"/> as absent, so a key is gone at 24 h; the row itself is
/// deleted by the first cleanup after the hour of its expiry.
/// </summary>
public class IdempotencyStore(TableProvider tables)
{
    private const string RecordPrefix = "key|";
    private const string ExpiryPrefix = "exp|";
    private const string HourFormat = "yyyyMMddHH";

    // A binary property holds at most 64 KiB and an entity 1 MiB: bodies are split over numbered properties.
    private const int BodyChunkBytes = 64 * 1024;
    private const int MaxBodyChunks = 14;

    /// <summary>The largest response body that can be stored.</summary>
    public const int MaxBodyBytes = BodyChunkBytes * MaxBodyChunks;

    /// <summary>The record of a tenant's key hash with its ETag, or null when there is none (expired ones included: the caller decides).</summary>
    public virtual async Task<(IdempotencyRecord Record, ETag ETag)?> GetAsync(string tenantId, string keyHash, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Idempotency, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(RecordPartition(tenantId), TableKeys.Require(keyHash), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? (FromEntity(tenantId, entity), entity.ETag) : null;
    }

    /// <summary>
    /// Claims the key for a new attempt: writes the expiry index row, then inserts the record (when <paramref name="replacing"/> is
    /// null) or replaces the record read with that ETag (an abandoned or expired one). Returns the new ETag, or null when another
    /// request changed the record first.
    /// </summary>
    public virtual async Task<ETag?> TryClaimAsync(IdempotencyRecord record, ETag? replacing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await tables.GetTableAsync(TableNames.Idempotency, cancellationToken);

        // Index first: a crash after it leaves an index row without a record, which the cleanup drops; the other order could leave
        // a record that no cleanup ever reads.
        await table.UpsertEntityAsync(new TableEntity(ExpiryPartition(record.ExpiresAt, record.TenantId), record.KeyHash), TableUpdateMode.Replace, cancellationToken);
        try
        {
            var response = replacing is { } etag
                ? await table.UpdateEntityAsync(ToEntity(record), etag, TableUpdateMode.Replace, cancellationToken)
                : await table.AddEntityAsync(ToEntity(record), cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.IsAlreadyExists() || e.IsPreconditionFailed() || e.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>Replaces the record claimed with <paramref name="etag"/> (its answer, once there is one); false when another request took it over.</summary>
    public virtual async Task<bool> TryReplaceAsync(IdempotencyRecord record, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await tables.GetTableAsync(TableNames.Idempotency, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(ToEntity(record), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>Deletes the record claimed with <paramref name="etag"/>; false when it changed or is gone. Its index row stays for the cleanup.</summary>
    public virtual async Task<bool> TryDeleteAsync(string tenantId, string keyHash, ETag etag, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Idempotency, cancellationToken);
        try
        {
            // The SDK reports a missing entity as a 404 response rather than an exception.
            var response = await table.DeleteEntityAsync(RecordPartition(tenantId), TableKeys.Require(keyHash), etag, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes the records whose expiry hour has passed, reading only the expiry index of those hours plus one point read per row
    /// found. A record claimed again since (a newer, live one) is kept: it has its own index row in a later hour. Returns how many
    /// records were deleted.
    /// </summary>
    public virtual async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Idempotency, cancellationToken);
        var upper = ExpiryPrefix + now.UtcDateTime.ToString(HourFormat, CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {ExpiryPrefix} and PartitionKey lt {upper}");
        var removed = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            var tenantId = row.PartitionKey[(ExpiryPrefix.Length + HourFormat.Length + 1)..];
            if (await GetAsync(tenantId, row.RowKey, cancellationToken) is { } found
                && found.Record.IsExpiredAt(now)
                && await TryDeleteAsync(tenantId, row.RowKey, found.ETag, cancellationToken))
            {
                removed++;
            }

            // The record goes before its index row, so a crash in between leaves the row for the next cleanup.
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
        }

        return removed;
    }

    private static string RecordPartition(string tenantId) => RecordPrefix + TableKeys.Require(tenantId);

    private static string ExpiryPartition(DateTimeOffset expiresAt, string tenantId)
        => ExpiryPrefix + expiresAt.UtcDateTime.ToString(HourFormat, CultureInfo.InvariantCulture) + "|" + TableKeys.Require(tenantId);

    private static TableEntity ToEntity(IdempotencyRecord record)
    {
        var entity = new TableEntity(RecordPartition(record.TenantId), TableKeys.Require(record.KeyHash))
        {
            ["Fingerprint"] = record.Fingerprint,
            ["State"] = record.State.ToString(),
            ["CreatedAt"] = record.CreatedAt,
        };
        if (record.Response is { } response)
        {
            if (response.Body.Length > MaxBodyBytes)
            {
                throw new ArgumentException($"A stored response body holds at most {MaxBodyBytes} bytes.", nameof(record));
            }

            entity["StatusCode"] = response.StatusCode;
            entity["Location"] = response.Location;
            entity["BodyChunks"] = (response.Body.Length + BodyChunkBytes - 1) / BodyChunkBytes;
            for (var i = 0; i * BodyChunkBytes < response.Body.Length; i++)
            {
                entity[BodyChunk(i)] = response.Body.Slice(i * BodyChunkBytes, Math.Min(BodyChunkBytes, response.Body.Length - (i * BodyChunkBytes))).ToArray();
            }
        }

        return entity;
    }

    private static IdempotencyRecord FromEntity(string tenantId, TableEntity entity)
    {
        var state = Enum.Parse<IdempotencyState>(entity.GetString("State"));
        StoredResponse? response = null;
        if (state == IdempotencyState.Completed)
        {
            var body = new List<byte>();
            for (var i = 0; i < (entity.GetInt32("BodyChunks") ?? 0); i++)
            {
                body.AddRange(entity.GetBinary(BodyChunk(i)) ?? []);
            }

            response = new StoredResponse(entity.GetInt32("StatusCode") ?? 0, entity.GetString("Location"), body.ToArray());
        }

        return new IdempotencyRecord(tenantId, entity.RowKey, entity.GetString("Fingerprint"), state, entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, response);
    }

    private static string BodyChunk(int index) => "Body" + index.ToString(CultureInfo.InvariantCulture);
}
