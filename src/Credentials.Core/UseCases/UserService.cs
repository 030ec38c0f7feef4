using System.Text.RegularExpressions;
using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Limits;
using Credentials.Core.Paging;
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

    /// <summary>Longest full name.</summary>
    public const int MaxFullNameLength = 200;

    private const int EditAttempts = 5;
    private static readonly string UsernameRule = $"1 to {MaxUsernameLength} characters: letters, digits and . _ @ + - (starting with a letter or digit).";

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
        if (!IsUsername(username))
        {
            errors["username"] = [UsernameRule];
        }

        if (TextRules.CheckName(fullName, MaxFullNameLength, required: false) is { } problem)
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

    /// <summary>
    /// One page of the tenant's users in username order (case-insensitive), read from the tenant's partition of the <c>users</c>
    /// table only. A reservation counts as a user once confirmed and while its head row exists and is not being deleted; the head
    /// row, which edits change, supplies what is shown. The continuation token is the last username shown (keyset paging), so a
    /// page never repeats or skips a user that existed throughout; a page may be short only when it is the last.
    /// </summary>
    public virtual async Task<Page<User>> ListAsync(TenantContext tenant, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(page);
        var found = new List<User>();
        var chunk = new List<(string RowKey, UsernameReservation Reservation)>();
        await foreach (var item in users.ListReservationsAsync(tenant.TenantId, page.StorageToken, page.Limit, cancellationToken))
        {
            chunk.Add(item);
            if (chunk.Count < page.Limit)
            {
                continue;
            }

            if (await TakeUsersAsync(tenant, chunk, found, page.Limit, cancellationToken) is { } stoppedAt)
            {
                return new Page<User>(found, PageRequest.Wrap(stoppedAt));
            }

            chunk.Clear();
        }

        var last = await TakeUsersAsync(tenant, chunk, found, page.Limit, cancellationToken);
        return new Page<User>(found, PageRequest.Wrap(last));
    }

    /// <summary>The tenant's user with exactly this username (case-insensitively), or null: one point read of its reservation, one of its head row.</summary>
    public virtual async Task<User?> FindByUsernameAsync(TenantContext tenant, string? username, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!IsUsername(username))
        {
            throw ServiceException.Invalid("username", UsernameRule);
        }

        var reservation = await users.GetReservationAsync(tenant.TenantId, username!, cancellationToken);
        return reservation is { Confirmed: true } ? await ShownUserAsync(tenant, reservation.User.UserId, cancellationToken) : null;
    }

    /// <summary>
    /// Changes the user's full name (null or blank clears it): one conditional replace of the head row, so it is atomic and needs
    /// no repair. A user being deleted answers 404; a credential added meanwhile (its transaction touches the head row) is retried.
    /// </summary>
    public virtual async Task<User> UpdateAsync(TenantContext tenant, string userId, string? fullName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (TextRules.CheckName(fullName, MaxFullNameLength, required: false) is { } problem)
        {
            throw ServiceException.Invalid("fullName", problem);
        }

        for (var attempt = 0; attempt < EditAttempts; attempt++)
        {
            var (user, etag) = await UserScope.RequireAsync(users, tenant, userId, allowDeleting: false, cancellationToken);
            var updated = user with { FullName = string.IsNullOrWhiteSpace(fullName) ? null : fullName.Trim() };
            if (await users.ReplaceHeadAsync(updated, etag, cancellationToken) is not null)
            {
                return updated;
            }
        }

        throw ServiceException.Conflict("The user kept changing while it was being edited; try again.");
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

    // Adds the chunk's users to found in order until it holds limit; the RowKey of the one that filled it, else the chunk's last
    // RowKey when the chunk was full (more may follow), else null.
    private async Task<string?> TakeUsersAsync(
        TenantContext tenant, List<(string RowKey, UsernameReservation Reservation)> chunk, List<User> found, int limit, CancellationToken cancellationToken)
    {
        var shown = await Task.WhenAll(chunk.Select(item => item.Reservation.Confirmed
            ? ShownUserAsync(tenant, item.Reservation.User.UserId, cancellationToken)
            : Task.FromResult<User?>(null)));
        for (var i = 0; i < chunk.Count; i++)
        {
            if (shown[i] is not { } user)
            {
                continue;
            }

            found.Add(user);
            if (found.Count == limit)
            {
                return chunk[i].RowKey;
            }
        }

        return null;
    }

    // The user as lists and lookups show it: its head row, when it exists, belongs to the tenant and is not being deleted.
    private async Task<User?> ShownUserAsync(TenantContext tenant, string userId, CancellationToken cancellationToken)
        => await users.GetAsync(userId, cancellationToken) is { } head && !head.User.IsDeleting
            && string.Equals(head.User.TenantId, tenant.TenantId, StringComparison.Ordinal)
            ? head.User
            : null;

    private static bool IsUsername(string? username)
        => !string.IsNullOrEmpty(username) && username.Length <= MaxUsernameLength && UsernameShape().IsMatch(username);

    private static ServiceException Taken(string username) => ServiceException.Conflict($"A user with username '{username}' already exists.");

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._@+-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex UsernameShape();
}
