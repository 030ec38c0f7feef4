using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The body of <c>PUT /settings</c>: it replaces the settings, so an absent field is cleared (no redirect URIs, no webhook, the page's defaults).</summary>
/// <param name="DisplayName">The name the connect page shows end users.</param>
/// <param name="AccentColor">The connect page's accent colour, <c>#rrggbb</c>.</param>
/// <param name="AllowedFrameOrigins">https origins that may show the connect page in a frame.</param>
public sealed record SettingsRequest(
    IReadOnlyList<string>? AllowedRedirectUris,
    string? WebhookUrl,
    string? DisplayName = null,
    string? AccentColor = null,
    IReadOnlyList<string>? AllowedFrameOrigins = null)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static SettingsRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "allowedRedirectUris", "webhookUrl", "displayName", "accentColor", "allowedFrameOrigins");
        var request = new SettingsRequest(
            fields.StringArray("allowedRedirectUris"),
            fields.Text("webhookUrl"),
            fields.Text("displayName"),
            fields.Text("accentColor"),
            fields.StringArray("allowedFrameOrigins"));
        fields.ThrowIfInvalid();
        return request;
    }
}
