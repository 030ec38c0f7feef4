namespace Credentials.Client.Models;

/// <summary>The tenant's settings: where OAuth flows may return to and where webhooks go.</summary>
public sealed record TenantSettings(string TenantId, string Name, IReadOnlyList<string> AllowedRedirectUris, string? WebhookUrl, DateTimeOffset? WebhookDisabledAt, DateTimeOffset? UpdatedAt);
