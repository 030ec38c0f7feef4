namespace Credentials.Core.Contracts;

/// <summary>A tenant's settings: where OAuth flows may return to and where webhooks go.</summary>
public sealed record SettingsView(
    string TenantId,
    string Name,
    IReadOnlyList<string> AllowedRedirectUris,
    string? WebhookUrl,
    DateTimeOffset? WebhookDisabledAt,
    DateTimeOffset? UpdatedAt);
