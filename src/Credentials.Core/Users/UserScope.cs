using Azure;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Tenancy;

namespace Credentials.Core.Users;

/// <summary>
/// The one tenant check for user ids: a malformed id is 400; another tenant's user answers exactly like an unknown one (404).
/// Every route naming a user, and every create path, goes through it.
/// </summary>
public static class UserScope
{
    /// <summary>
    /// The tenant's user with its head row's ETag (a new credential's transaction is conditioned on it). A user being deleted is
    /// 404 unless <paramref name="allowDeleting"/> (reading a user shows <c>status: deleting</c>; nothing may be added to one).
    /// </summary>
    public static async Task<(User User, ETag ETag)> RequireAsync(UserStore users, TenantContext tenant, string? userId, bool allowDeleting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(tenant);
        if (!ResourceIds.IsWellFormed(userId, ResourceIds.User))
        {
            throw ServiceException.Invalid("userId", "Not a user id.");
        }

        var found = await users.GetAsync(userId!, cancellationToken);
        return found is { } hit && (allowDeleting || !hit.User.IsDeleting) && string.Equals(hit.User.TenantId, tenant.TenantId, StringComparison.Ordinal)
            ? hit
            : throw ServiceException.NotFound("user");
    }
}
