using Azure;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Tenancy;
using Credentials.Core.Users;

namespace Credentials.Core.ConnectSessions;

/// <summary>
/// The one tenant check for session ids (a malformed id is 400; another tenant's session answers exactly like an unknown one,
/// 404), and the one check that a session's user still exists.
/// </summary>
public static class ConnectSessionScope
{
    /// <summary>The tenant's session and its ETag.</summary>
    public static async Task<(ConnectSession Session, ETag ETag)> RequireAsync(ConnectSessionStore sessions, TenantContext tenant, string? sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(tenant);
        if (!ResourceIds.IsWellFormed(sessionId, ResourceIds.ConnectSession))
        {
            throw ServiceException.Invalid("sessionId", "Not a connect session id.");
        }

        var found = await sessions.GetAsync(sessionId, cancellationToken);
        return found is { } hit && string.Equals(hit.Session.TenantId, tenant.TenantId, StringComparison.Ordinal)
            ? hit
            : throw ServiceException.NotFound("connect session");
    }

    /// <summary>True while the session's user exists and is not being deleted: a session of a deleted user answers as expired.</summary>
    public static async Task<bool> UserExistsAsync(UserStore users, ConnectSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(session);
        return await users.GetAsync(session.UserId, cancellationToken) is { } head && !head.User.IsDeleting
            && string.Equals(head.User.TenantId, session.TenantId, StringComparison.Ordinal);
    }
}
