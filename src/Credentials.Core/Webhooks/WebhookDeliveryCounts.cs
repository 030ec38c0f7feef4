namespace Credentials.Core.Webhooks;

/// <summary>What one delivery run did.</summary>
/// <param name="Delivered">Events a receiver accepted (2xx); their rows are gone.</param>
/// <param name="Retried">Failed attempts rescheduled with backoff.</param>
/// <param name="Failed">Events given up 24 h after they occurred; their rows are gone.</param>
/// <param name="Disabled">Events answered 410 Gone: the tenant's webhook was disabled and the event dropped.</param>
/// <param name="Discarded">Events dropped because the tenant no longer has an enabled webhook URL (or no longer exists).</param>
/// <param name="StaleRemoved">Index rows removed because their outbox row is gone or has moved on.</param>
public sealed record WebhookDeliveryCounts(int Delivered, int Retried, int Failed, int Disabled, int Discarded, int StaleRemoved);
