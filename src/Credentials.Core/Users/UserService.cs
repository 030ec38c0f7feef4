using System.Text.RegularExpressions;
using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Tenancy;
using Credentials.Core.Validation;

namespace Credentials.Core.Users;

/// <summary>Rules for a tenant's end users.</summary>
public partial class UserService(UserStore users, CredentialService credentials, TimeProvider clock)
{
    /// <summary>Longest username.</summary>
    public const int MaxUsernameLength = 128;

    /// <summary>Creates a user; the username is unique per tenant, case-insensitively.</summary>
    public virtual async Task<User> CreateAsync(TenantContext tenant, string? username, string? fullName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(username) || username.Length > MaxUsernameLength || !UsernameShape().IsMatch(username))
        {
            errors["username"] = [$"1 to {MaxUsernameLength} characters: letters, digits and . _ @ + - (starting with a letter or digit)."];
        }

        if (TextRules.CheckName(fullName, 200, required: false) is { } problem)
        {
            errors["fullName"] = [problem];
        }

        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }

        var user = new User(ResourceIds.New(ResourceIds.User), tenant.TenantId, username!, string.IsNullOrWhiteSpace(fullName) ? null : fullName.Trim(), clock.GetUtcNow());
        if (!await users.ReserveUsernameAsync(tenant.TenantId, user.Username, user.UserId, cancellationToken).ConfigureAwait(false))
        {
            throw ServiceException.Conflict($"A user with username '{user.Username}' already exists.");
        }

        await users.CreateAsync(user, CancellationToken.None).ConfigureAwait(false);
        return user;
    }

    /// <summary>The tenant's user, or not_found.</summary>
    public virtual async Task<User> GetAsync(TenantContext tenant, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!ResourceIds.IsWellFormed(userId, ResourceIds.User))
        {
            throw ServiceException.Invalid("userId", "Not a user id.");
        }

        var user = await users.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        return user is not null && string.Equals(user.TenantId, tenant.TenantId, StringComparison.Ordinal)
            ? user
            : throw ServiceException.NotFound("user");
    }

    /// <summary>Deletes the user's credentials (and their secrets), then the user, then the username reservation; safe to retry.</summary>
    public virtual async Task DeleteAsync(TenantContext tenant, string userId, CancellationToken cancellationToken = default)
    {
        var user = await GetAsync(tenant, userId, cancellationToken).ConfigureAwait(false);
        await credentials.DeleteAllForUserAsync(tenant, userId, cancellationToken).ConfigureAwait(false);
        await users.DeleteAsync(userId, CancellationToken.None).ConfigureAwait(false);
        await users.ReleaseUsernameAsync(tenant.TenantId, user.Username, userId, CancellationToken.None).ConfigureAwait(false);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernameShape();
}
