namespace Credentials.Core.Webhooks;

/// <summary>The outcome, the status when there was one, and a short reason for logs (never the URL or a header).</summary>
public sealed record WebhookSendResult(WebhookSendOutcome Outcome, int? Status, string Reason);
