namespace Credentials.Core.Contracts;

/// <summary>A tenant as the platform admin sees it: its settings, never its keys or secrets.</summary>
public sealed record TenantView(
    string TenantId,
    string Name,
    IReadOnlyList<string> AllowedRedirectUris,
    string? WebhookUrl,
    DateTimeOffset? WebhookDisabledAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? DisplayName,
    string? AccentColor,
    IReadOnlyList<string> AllowedFrameOrigins);
