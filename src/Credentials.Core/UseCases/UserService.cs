using System.Text.RegularExpressions;
using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Limits;
using Credentials.Core.Tenancy;
using Credentials.Core.Users;
using Credentials.Core.Validation;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>Rules for a tenant's end users.</summary>
public partial class UserService(UserStore users, UserDeletion deletion, TenantLimitsProvider limits, IOptions<CredentialsOptions> options, TimeProvider clock)
{
    /// <summary>Longest username.</summary>
    public const int MaxUsernameLength = 128;

    /// <summary>
    /// Creates a user; the username is unique per tenant, case-insensitively (I5). Three writes: an unconfirmed reservation in
    /// the tenant's partition (the uniqueness; with the tenant's user count, which stops at its quota), the head row in the user's partition, then the reservation confirmed under
    /// If-Match, so a creator whose reservation was taken over in between (only after <see cref="CredentialsOptions.RepairGrace"/>)
    /// undoes its head row instead of answering 201. A create that died before its confirmation is taken over by the next one.
    /// </summary>
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
        var maxUsers = (await limits.GetAsync(tenant.TenantId, cancellationToken)).UsersPerTenant;
        var reservation = await users.ReserveAsync(user, maxUsers, cancellationToken)
            ?? await TakeOverAsync(user, maxUsers, cancellationToken)
            ?? throw Taken(user.Username);

        // From the reservation on, nothing is cancelled: an abandoned create is finished or undone by the next one.
        await users.AddHeadAsync(user, CancellationToken.None);
        if (await users.ReplaceReservationAsync(user, confirmed: true, reservation, CancellationToken.None) is null)
        {
            await users.DeleteHeadAsync(user.UserId, Azure.ETag.All, CancellationToken.None);
            throw Taken(user.Username);
        }

        return user;
    }

    /// <summary>The tenant's user (its <see cref="User.IsDeleting"/> says whether a delete is running), or not_found.</summary>
    public virtual async Task<User> GetAsync(TenantContext tenant, string userId, CancellationToken cancellationToken = default)
        => (await UserScope.RequireAsync(users, tenant, userId, allowDeleting: true, cancellationToken)).User;

    /// <summary>
    /// Deletes the user and every credential of theirs. True when everything is gone (204); false when the repair finishes the
    /// rest in the background (202; <see cref="GetAsync"/> shows the user as deleting until then).
    /// </summary>
    public virtual async Task<bool> DeleteAsync(TenantContext tenant, string userId, CancellationToken cancellationToken = default)
    {
        var user = await GetAsync(tenant, userId, cancellationToken);
        return await deletion.StartAsync(user, cancellationToken);
    }

    // The reservation exists. A confirmed one, or one younger than the grace (its creator may still be writing), is taken. An
    // older unconfirmed one is an interrupted create that never answered (nobody knows its user id): it is taken over under
    // If-Match, and only then its head row removed, so a creator still running loses its confirmation and undoes itself.
    private async Task<Azure.ETag?> TakeOverAsync(User user, int maxUsers, CancellationToken cancellationToken)
    {
        var held = await users.GetReservationAsync(user.TenantId, user.Username, cancellationToken);
        if (held is null)
        {
            return await users.ReserveAsync(user, maxUsers, cancellationToken);
        }

        if (held.Confirmed || held.User.CreatedAt + options.Value.RepairGrace > clock.GetUtcNow())
        {
            return null;
        }

        var taken = await users.ReplaceReservationAsync(user, confirmed: false, held.ETag, cancellationToken);
        if (taken is not null)
        {
            await users.DeleteHeadAsync(held.User.UserId, Azure.ETag.All, CancellationToken.None);
        }

        return taken;
    }

    private static ServiceException Taken(string username) => ServiceException.Conflict($"A user with username '{username}' already exists.");

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._@+-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex UsernameShape();
}
