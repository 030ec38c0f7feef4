namespace Credentials.Core.Contracts;

/// <summary>A new webhook signing secret, shown this once.</summary>
public sealed record WebhookSecretView(string WebhookSecret, DateTimeOffset CreatedAt);
