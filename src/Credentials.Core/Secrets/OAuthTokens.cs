using Credentials.Core.Json;

namespace Credentials.Core.Secrets;

/// <summary>The token set of an OAuth 2.0 credential. The expiry lives with the tokens so a reader can trust it over stale metadata.</summary>
public sealed record OAuthTokens
{
    /// <summary>The access token.</summary>
    public required string AccessToken { get; init; }

    /// <summary>The refresh token, when the provider issued one.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>Usually <c>Bearer</c>.</summary>
    public string TokenType { get; init; } = "Bearer";

    /// <summary>When the access token expires; null when unknown.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Scopes the provider granted.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];
}
