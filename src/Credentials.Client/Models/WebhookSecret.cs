using System.Text.Json.Serialization;

namespace Credentials.Client.Models;

/// <summary>A new webhook signing secret, shown this once.</summary>
public sealed record WebhookSecret([property: JsonPropertyName("webhookSecret")] string Secret, DateTimeOffset CreatedAt);
