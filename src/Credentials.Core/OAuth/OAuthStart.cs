namespace Credentials.Core.OAuth;

/// <summary>Where to send the end user to consent, and until when the link works.</summary>
public sealed record OAuthStart([property: System.Text.Json.Serialization.JsonPropertyName("oauthUrl")] string OAuthUrl, DateTimeOffset ExpiresAt);
