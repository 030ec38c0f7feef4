using System.Text.Json;
using Credentials.Core.Validation;

namespace Credentials.Core.Contracts;

/// <summary>The body of <c>PUT /settings</c>; an absent field keeps its value.</summary>
public sealed record SettingsRequest(IReadOnlyList<string>? AllowedRedirectUris, string? WebhookUrl)
{
    /// <summary>The request a body holds; a validation failure naming each badly typed or unknown field otherwise.</summary>
    public static SettingsRequest Read(JsonElement body)
    {
        var fields = new JsonFields(body, "allowedRedirectUris", "webhookUrl");
        var request = new SettingsRequest(fields.StringArray("allowedRedirectUris"), fields.Text("webhookUrl"));
        fields.ThrowIfInvalid();
        return request;
    }
}
