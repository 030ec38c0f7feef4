namespace Credentials.Core.Contracts;

/// <summary>A tenant's settings: where OAuth flows may return to, where webhooks go, and how the hosted connect page presents the tenant.</summary>
/// <param name="DisplayName">The name the connect page shows end users; null shows <paramref name="Name"/>.</param>
/// <param name="AccentColor">The connect page's accent colour (<c>#rrggbb</c>), or null for the page's own.</param>
/// <param name="AllowedFrameOrigins">Origins that may frame the connect page (its <c>frame-ancestors</c>); empty: none.</param>
public sealed record SettingsView(
    string TenantId,
    string Name,
    IReadOnlyList<string> AllowedRedirectUris,
    string? WebhookUrl,
    DateTimeOffset? WebhookDisabledAt,
    DateTimeOffset? UpdatedAt,
    string? DisplayName,
    string? AccentColor,
    IReadOnlyList<string> AllowedFrameOrigins);
