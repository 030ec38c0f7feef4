using Azure;
using Azure.Data.Tables;

namespace Credentials.Core.Webhooks;

/// <summary>
/// Outbox row of one event in the credentials table, in its credential's partition so it commits with the state change:
/// PartitionKey = the credential's user id (the partition its change was written in), RowKey = <c>outbox|{eventId}</c>.
/// </summary>
internal sealed class WebhookOutboxEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string TenantId { get; set; } = string.Empty;
    public string CredentialId { get; set; } = string.Empty;
    public string EventId { get; set; } = string.Empty;
    public string EventType { get; set; } = string.Empty;
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The serialised event: sent byte for byte on every attempt.</summary>
    public string Body { get; set; } = string.Empty;

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due; the index row with this time is the live one.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
}
