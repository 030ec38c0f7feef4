using System.Text.Json.Serialization;

namespace Credentials.Core.Contracts;

/// <summary>Where to send the end user to consent (the answer of an OAuth create or a reauthorize), and until when the link works.</summary>
public sealed record AuthorizationLink([property: JsonPropertyName("oauthUrl")] string OAuthUrl, DateTimeOffset ExpiresAt);
