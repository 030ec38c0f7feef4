using System.Text.Json;

namespace Credentials.Core.OAuth;

/// <summary>What a token endpoint answered: the tokens, or a classified failure.</summary>
public sealed record TokenEndpointResult
{
    /// <summary>The tokens on success.</summary>
    public Secrets.OAuthTokens? Tokens { get; init; }

    /// <summary>The raw JSON response (for metadata pointers); default when there was none.</summary>
    public JsonElement Raw { get; init; }

    /// <summary>The failure class, when not successful.</summary>
    public TokenFailure? Failure { get; init; }

    /// <summary>The provider's <c>error</c> code, if any (never a secret).</summary>
    public string? Error { get; init; }

    /// <summary>HTTP status, when a response arrived.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The provider's Retry-After, when given.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The limit that kept the request from being sent (<see cref="Limits.RateLimitNames.TokenEndpoint"/>), or null when it was sent.</summary>
    public string? LimitedBy { get; init; }

    /// <summary>True on success.</summary>
    public bool IsSuccess => Tokens is not null;
}
