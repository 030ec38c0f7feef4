using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Webhooks;

/// <summary>Builds outbox rows that callers commit in the same <see cref="Storage.TableBatch"/> as the credential change.</summary>
public static class OutboxRows
{
    /// <summary>RowKey prefix of outbox rows in a credential's partition.</summary>
    public const string RowPrefix = "outbox|";

    /// <summary>Largest serialised event stored (a Table string property holds 32K UTF-16 characters).</summary>
    public const int MaxBodyLength = 30_000;

    /// <summary>The RowKey of an event's outbox row.</summary>
    public static string RowKey(string eventId) => RowPrefix + eventId;

    /// <summary>
    /// The insert of <paramref name="e"/>'s outbox row (PartitionKey = the credential's user id, no attempts yet, due at
    /// <see cref="WebhookEvent.OccurredAt"/>). Use <see cref="WebhookOutbox.PrepareAsync"/>, which also writes the index row
    /// the deliverer finds it by.
    /// </summary>
    public static TableTransactionAction Add(WebhookEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = e.ToJson();
        if (body.Length > MaxBodyLength)
        {
            throw new ArgumentException($"The serialised event is longer than {MaxBodyLength} characters.", nameof(e));
        }

        return new TableTransactionAction(TableTransactionActionType.Add, new WebhookOutboxEntity
        {
            PartitionKey = CredentialRowKeys.Partition(e.CredentialId),
            RowKey = RowKey(e.Id),
            CredentialId = e.CredentialId,
            TenantId = e.TenantId,
            EventId = e.Id,
            EventType = e.Type,
            OccurredAt = e.OccurredAt,
            Body = body,
            Attempts = 0,
            NextAttemptAt = e.OccurredAt,
        });
    }
}
