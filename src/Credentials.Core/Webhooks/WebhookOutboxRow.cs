using Azure;

namespace Credentials.Core.Webhooks;

/// <summary>An outbox row as the deliverer reads it.</summary>
public sealed record WebhookOutboxRow(
    string CredentialId,
    string EventId,
    string TenantId,
    string EventType,
    DateTimeOffset OccurredAt,
    string Body,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    ETag ETag);
