using System.Text.Json.Serialization;

namespace Credentials.Client.Models;

/// <summary>Where to send the end user to consent, and until when the link works.</summary>
public sealed record AuthorizationLink([property: JsonPropertyName("oauthUrl")] Uri OAuthUrl, DateTimeOffset ExpiresAt);
