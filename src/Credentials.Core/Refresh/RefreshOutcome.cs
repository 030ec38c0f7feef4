using Credentials.Core.Credentials;
using Credentials.Core.Secrets;

namespace Credentials.Core.Refresh;

/// <summary>The result of <see cref="RefreshService.RefreshAsync(string, RefreshMode, DateTimeOffset?, CancellationToken)"/>: the credential and tokens as they now stand.</summary>
public sealed record RefreshOutcome(RefreshResult Result, Credential? Credential, OAuthTokens? Tokens, TimeSpan? RetryAfter = null)
{
    /// <summary>The row's ETag as read, for <see cref="RefreshResult.Gone"/> (the sweep reaps with it, without reading again).</summary>
    public Azure.ETag? ETag { get; init; }
}
