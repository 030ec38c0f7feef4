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
