using Azure;
using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Users;

/// <summary>Users, username reservations and each user's credential index in Table Storage.</summary>
public class UserStore(TableProvider tables)
{
    /// <summary>Reserves the username for <paramref name="userId"/>; false when another live user holds it.</summary>
    public virtual async Task<bool> ReserveUsernameAsync(string tenantId, string username, string userId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken).ConfigureAwait(false);
        var reservation = new UsernameEntity { PartitionKey = UsernamePartition(tenantId), RowKey = UsernameRow(username), UserId = userId };
        try
        {
            await table.AddEntityAsync(reservation, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.IsAlreadyExists())
        {
            // A reservation whose user row was never written (a crash between the two inserts) is taken over.
            var existing = await table.GetEntityIfExistsAsync<UsernameEntity>(reservation.PartitionKey, reservation.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue || existing.Value is not { } held || await GetAsync(held.UserId, cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }

            try
            {
                await table.UpdateEntityAsync(reservation, held.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException race) when (race.IsPreconditionFailed())
            {
                return false;
            }
        }
    }

    /// <summary>Releases a username reservation if it still belongs to <paramref name="userId"/>.</summary>
    public virtual async Task ReleaseUsernameAsync(string tenantId, string username, string userId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken).ConfigureAwait(false);
        var existing = await table.GetEntityIfExistsAsync<UsernameEntity>(UsernamePartition(tenantId), UsernameRow(username), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing.HasValue && existing.Value is { } held && string.Equals(held.UserId, userId, StringComparison.Ordinal))
        {
            await DeleteIgnoringMissingAsync(table, held.PartitionKey, held.RowKey, held.ETag, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Inserts the user row.</summary>
    public virtual async Task CreateAsync(User user, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken).ConfigureAwait(false);
        await table.AddEntityAsync(
            new UserEntity
            {
                PartitionKey = TableKeys.Require(user.UserId),
                TenantId = user.TenantId,
                Username = user.Username,
                FullName = user.FullName,
                CreatedAt = user.CreatedAt,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user (of any tenant: callers check the tenant), or null.</summary>
    public virtual async Task<User?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<UserEntity>(TableKeys.Require(userId), UserEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } e ? new User(e.PartitionKey, e.TenantId, e.Username, e.FullName, e.CreatedAt) : null;
    }

    /// <summary>Deletes the user row.</summary>
    public virtual async Task DeleteAsync(string userId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken).ConfigureAwait(false);
        await DeleteIgnoringMissingAsync(table, TableKeys.Require(userId), UserEntity.Row, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a credential to the user's index.</summary>
    public virtual async Task AddCredentialAsync(string userId, string credentialId, string connectorId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new UserCredentialEntity { PartitionKey = userId, RowKey = UserCredentialEntity.RowPrefix + credentialId, ConnectorId = connectorId },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a credential from the user's index.</summary>
    public virtual async Task RemoveCredentialAsync(string userId, string credentialId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken).ConfigureAwait(false);
        await DeleteIgnoringMissingAsync(table, userId, UserCredentialEntity.RowPrefix + credentialId, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of the user's credential ids, in id order, with the token of the next page.</summary>
    public virtual async Task<(IReadOnlyList<string> CredentialIds, string? ContinuationToken)> ListCredentialIdsAsync(
        string userId, int limit, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Users, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {userId} and RowKey ge {UserCredentialEntity.RowPrefix} and RowKey lt {UserCredentialEntity.RowEnd}");
        var pages = table.QueryAsync<UserCredentialEntity>(filter, maxPerPage: limit, select: ["RowKey"], cancellationToken: cancellationToken)
            .AsPages(continuationToken, limit);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            return ([.. page.Values.Select(e => e.RowKey[UserCredentialEntity.RowPrefix.Length..])], page.ContinuationToken);
        }

        return ([], null);
    }

    private static string UsernamePartition(string tenantId) => UsernameEntity.PartitionPrefix + TableKeys.Require(tenantId);

    private static string UsernameRow(string username) => TableKeys.Require(username.ToLowerInvariant());

    private static async Task DeleteIgnoringMissingAsync(TableClient table, string partitionKey, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Already gone: deletes are retried after crashes, so they must be idempotent.
        }
    }
}
