using Credentials.Core.Secrets;

namespace Credentials.Core.Refresh;

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
