using Credentials.Core.Contracts;

namespace Credentials.Core.Tenancy;

/// <summary>A customer of the platform and its settings.</summary>
public sealed record Tenant(
    string TenantId,
    string Name,
    IReadOnlyList<string> AllowedRedirectUris,
    string? WebhookUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// When webhook delivery stopped because the receiver answered 410 Gone; null while enabled. The URL is kept so the
    /// tenant sees which one was disabled; saving the settings again clears it.
    /// </summary>
    public DateTimeOffset? WebhookDisabledAt { get; init; }

    /// <summary>
    /// The secret store owner id of the webhook signing secret in force, set by the rotation that committed it; null until the
    /// first rotation under versioned secrets (a secret issued before them is at <c>whs-{tenantId}</c>).
    /// </summary>
    public string? WebhookSecretId { get; init; }

    /// <summary>The name the hosted connect page shows end users (so they can tell who is asking); <see cref="Name"/> when unset.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The connect page's accent colour (<c>#rrggbb</c>); the page's own when unset.</summary>
    public string? AccentColor { get; init; }

    /// <summary>Origins (<c>https://host[:port]</c>) that may show the connect page in a frame; none when empty.</summary>
    public IReadOnlyList<string> AllowedFrameOrigins { get; init; } = [];

    /// <summary>The tenant as the platform admin routes show it.</summary>
    public TenantView ToView() => new(TenantId, Name, AllowedRedirectUris, WebhookUrl, WebhookDisabledAt, CreatedAt, UpdatedAt, DisplayName, AccentColor, AllowedFrameOrigins);

    /// <summary>The tenant's settings as the API shows them.</summary>
    public SettingsView ToSettingsView() => new(TenantId, Name, AllowedRedirectUris, WebhookUrl, WebhookDisabledAt, UpdatedAt, DisplayName, AccentColor, AllowedFrameOrigins);
}
