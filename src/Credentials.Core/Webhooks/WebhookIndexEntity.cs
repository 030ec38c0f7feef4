using Azure;
using Azure.Data.Tables;

namespace Credentials.Core.Webhooks;

/// <summary>
/// Pending-delivery index row in <c>webhookdeliveries</c>: PartitionKey = a shard of the event id,
/// RowKey = <c>{nextAttemptAt:yyyyMMddHHmmssfff}|{credentialId}|{eventId}</c>, so due rows are one range query per shard.
/// </summary>
internal sealed class WebhookIndexEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string CredentialId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;

    /// <summary>When the row was written (service clock); an index row without its outbox row is stale only after a grace period.</summary>
    public DateTimeOffset WrittenAt { get; set; }
}
