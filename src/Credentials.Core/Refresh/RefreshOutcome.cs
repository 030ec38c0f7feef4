using Credentials.Core.Credentials;
using Credentials.Core.Secrets;

namespace Credentials.Core.Refresh;

/// <summary>What a refresh attempt ended with.</summary>
public enum RefreshResult
{
    /// <summary>New tokens were stored.</summary>
    Refreshed,

    /// <summary>Nothing to do: the token is not due, or another worker refreshed it meanwhile.</summary>
    Fresh,

    /// <summary>The provider refused for a passing reason; the credential stays usable and a retry is scheduled.</summary>
    Failed,

    /// <summary>The grant is dead or refreshes failed on too many days: the credential is now invalid.</summary>
    Invalidated,

    /// <summary>A forced refresh came too soon after a failed one.</summary>
    CoolingDown,

    /// <summary>Not an OAuth credential, already invalid, or gone.</summary>
    Skipped,

    /// <summary>The sweep's index entry no longer matches the credential (or no credential row exists for it).</summary>
    Stale,

    /// <summary>The credential is being deleted (or is gone): callers answer 404, the sweep finishes the delete.</summary>
    Gone,
}

/// <summary>The result of <see cref="RefreshService.RefreshAsync"/>: the credential and tokens as they now stand.</summary>
public sealed record RefreshOutcome(RefreshResult Result, Credential? Credential, OAuthTokens? Tokens, TimeSpan? RetryAfter = null)
{
    /// <summary>The row's ETag as read, for <see cref="RefreshResult.Gone"/> (the sweep reaps with it, without reading again).</summary>
    public Azure.ETag? ETag { get; init; }
}

/// <summary>Why a refresh is asked for, which decides whether it is due.</summary>
public enum RefreshMode
{
    /// <summary>The sweep: due when the credential's next refresh time has come.</summary>
    Scheduled,

    /// <summary>A caller needs a token: due when it expires within the refresh window (and no backoff is pending).</summary>
    IfExpiring,

    /// <summary>Refresh now (forced refresh, a provider's 401), subject to the cooldown after a failure.</summary>
    Force,
}
