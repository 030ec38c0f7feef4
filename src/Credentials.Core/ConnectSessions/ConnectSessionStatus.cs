namespace Credentials.Core.ConnectSessions;

/// <summary>Where a connect session stands, as the tenant polls it.</summary>
public enum ConnectSessionStatus
{
    /// <summary>Waiting for the end user.</summary>
    Pending,

    /// <summary>At least one credential was connected (a <c>multiple</c> session keeps accepting more until it expires).</summary>
    Completed,

    /// <summary>Past its expiry without a result, or its user was deleted.</summary>
    Expired,
}
