using Azure;
using Azure.Data.Tables;
using Credentials.Core.Limits;
using Credentials.Core.Storage;

namespace Credentials.Core.Users;

/// <summary>
/// Users in Table Storage: the head row in the user's partition of the <c>credentials</c> table (what credential writes are
/// conditioned on) and the username reservation in the tenant's partition of the <c>users</c> table (uniqueness and listing).
/// </summary>
public class UserStore(TableProvider tables)
{
    private const int CountAttempts = 64;

    /// <summary>
    /// Inserts an unconfirmed reservation together with the tenant's user count (<see cref="UserCount"/>) in one transaction;
    /// null when the name is already reserved, 409 <c>quota_exceeded</c> when the tenant has <paramref name="maxUsers"/> already.
    /// </summary>
    public virtual async Task<ETag?> ReserveAsync(User user, int maxUsers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken);
        for (var attempt = 0; attempt < CountAttempts; attempt++)
        {
            var (count, change) = await UserCount.ReadAsync(table, user.TenantId, +1, cancellationToken);
            if (count >= maxUsers)
            {
                throw LimitProblems.QuotaExceeded(QuotaNames.UsersPerTenant, maxUsers, "users");
            }

            try
            {
                var responses = await TableBatch.SubmitAsync(table, [new TableTransactionAction(TableTransactionActionType.Add, ToReservation(user, confirmed: false)), change], cancellationToken);
                return responses[0].Headers.ETag;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.IsAlreadyExists())
            {
                return null;
            }
            catch (TableTransactionFailedException e) when (UserCount.LostTheCount(e, countActionIndex: 1))
            {
                // Another create or delete of this tenant moved the count first: count again.
            }
        }

        throw new InvalidOperationException($"The user count of tenant {user.TenantId} kept changing concurrently.");
    }

    /// <summary>The reservation of <paramref name="username"/> in the tenant, or null.</summary>
    public virtual async Task<UsernameReservation?> GetReservationAsync(string tenantId, string username, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<UsernameEntity>(TableKeys.Require(tenantId), UsernameRow(username), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e
            ? FromReservation(e)
            : null;
    }

    /// <summary>
    /// The tenant's reservations in username order, from after <paramref name="afterRowKey"/> (null: from the first), read from the
    /// tenant's partition only and fetched <paramref name="pageSize"/> at a time as the caller enumerates. Unconfirmed ones are
    /// included (the caller decides); each comes with its RowKey, the position a listing resumes after.
    /// </summary>
    public virtual async IAsyncEnumerable<(string RowKey, UsernameReservation Reservation)> ListReservationsAsync(
        string tenantId, string? afterRowKey, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken);
        var filter = afterRowKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Require(tenantId)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Require(tenantId)} and RowKey gt {afterRowKey}");
        await foreach (var e in table.QueryAsync<UsernameEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken))
        {
            yield return (e.RowKey, FromReservation(e));
        }
    }

    /// <summary>Replaces the reservation if still at <paramref name="etag"/> (a takeover or a confirmation); the new ETag, or null when it changed.</summary>
    public virtual async Task<ETag?> ReplaceReservationAsync(User user, bool confirmed, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(ToReservation(user, confirmed), etag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes the reservation if it still names <paramref name="userId"/> (a new user may hold the name by now), with the tenant's
    /// user count in the same transaction.
    /// </summary>
    public virtual async Task ReleaseAsync(string tenantId, string username, string userId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken);
        for (var attempt = 0; attempt < CountAttempts; attempt++)
        {
            var held = await GetReservationAsync(tenantId, username, cancellationToken);
            if (held is null || !string.Equals(held.User.UserId, userId, StringComparison.Ordinal))
            {
                return;
            }

            var (_, change) = await UserCount.ReadAsync(table, tenantId, -1, cancellationToken);
            try
            {
                await TableBatch.SubmitAsync(table, [new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(TableKeys.Require(tenantId), UsernameRow(username)), held.ETag), change], cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && (e.IsNotFound() || e.IsPreconditionFailed()))
            {
                // The reservation changed or went: read it again (it may name someone else now).
            }
            catch (TableTransactionFailedException e) when (UserCount.LostTheCount(e, countActionIndex: 1))
            {
                // The count moved first: count again.
            }
        }

        throw new InvalidOperationException($"The user count of tenant {tenantId} kept changing concurrently.");
    }

    /// <summary>Inserts the user's head row; false when it exists already.</summary>
    public virtual async Task<bool> AddHeadAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        try
        {
            await table.AddEntityAsync(ToHead(user), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsAlreadyExists())
        {
            return false;
        }
    }

    /// <summary>The user (of any tenant: callers check the tenant) with its head row's ETag, or null.</summary>
    public virtual async Task<(User User, ETag ETag)?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<UserHeadEntity>(TableKeys.Require(userId), UserHeadEntity.Row, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? (FromHead(e), e.ETag) : null;
    }

    /// <summary>Replaces the head row if still at <paramref name="etag"/> (an edit of the user); the new ETag, or null when it changed or is gone.</summary>
    public virtual async Task<ETag?> ReplaceHeadAsync(User user, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(ToHead(user), etag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>Deletes the head row if still at <paramref name="etag"/>; a missing row counts as deleted.</summary>
    public virtual async Task<bool> DeleteHeadAsync(string userId, ETag etag, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        try
        {
            await DeleteIgnoringMissingAsync(table, TableKeys.Require(userId), UserHeadEntity.Row, etag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return false;
        }
    }

    /// <summary>
    /// For a credential insert: a merge of the head row under If-Match that changes nothing but its ETag, so the transaction
    /// fails if the user was marked for deletion (or deleted) since it was read.
    /// </summary>
    public static TableTransactionAction HeadCheckAction(string userId, ETag etag)
        => new(TableTransactionActionType.UpdateMerge, new TableEntity(TableKeys.Require(userId), UserHeadEntity.Row), etag);

    /// <summary>The conditional replace of the head row (marking the user for deletion), for a transaction in the user's partition.</summary>
    public static TableTransactionAction HeadUpdateAction(User user, ETag etag)
        => new(TableTransactionActionType.UpdateReplace, ToHead(user), etag);

    private static UserHeadEntity ToHead(User user) => new()
    {
        PartitionKey = TableKeys.Require(user.UserId),
        TenantId = user.TenantId,
        Username = user.Username,
        FullName = user.FullName,
        CreatedAt = user.CreatedAt,
        DeleteRequestedAt = user.DeleteRequestedAt,
    };

    private static User FromHead(UserHeadEntity e)
        => new(e.PartitionKey, e.TenantId, e.Username, e.FullName, e.CreatedAt) { DeleteRequestedAt = e.DeleteRequestedAt };

    private static UsernameEntity ToReservation(User user, bool confirmed) => new()
    {
        PartitionKey = TableKeys.Require(user.TenantId),
        RowKey = UsernameRow(user.Username),
        UserId = user.UserId,
        Username = user.Username,
        FullName = user.FullName,
        CreatedAt = user.CreatedAt,
        Confirmed = confirmed,
    };

    private static UsernameReservation FromReservation(UsernameEntity e)
        => new(new User(e.UserId, e.PartitionKey, e.Username, e.FullName, e.CreatedAt), e.Confirmed, e.ETag);

    private static string UsernameRow(string username) => TableKeys.Require(username.ToLowerInvariant());

    private static async Task DeleteIgnoringMissingAsync(TableClient table, string partitionKey, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, etag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Already gone: deletes are retried after crashes, so they must be idempotent.
        }
    }
}
