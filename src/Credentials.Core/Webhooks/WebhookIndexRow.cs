namespace Credentials.Core.Webhooks;

/// <summary>A pending-delivery index row.</summary>
public sealed record WebhookIndexRow(string Shard, string RowKey, string CredentialId, string EventId, DateTimeOffset WrittenAt);
