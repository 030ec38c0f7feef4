using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Json;
using Credentials.Core.Storage;

namespace Credentials.Core.Credentials;

/// <summary>Credential metadata in Table Storage, in the partition of the credential's user (<see cref="CredentialRowKeys"/>).</summary>
public class CredentialStore(TableProvider tables)
{
    /// <summary>Inserts a new credential row.</summary>
    public virtual async Task CreateAsync(Credential credential, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        await table.AddEntityAsync(ToEntity(credential), cancellationToken);
    }

    /// <summary>The credential with its ETag (of any tenant: callers check the tenant), or null.</summary>
    public virtual async Task<(Credential Credential, ETag ETag)?> GetAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<CredentialEntity>(CredentialRowKeys.Partition(credentialId), CredentialRowKeys.Row(credentialId), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? (FromEntity(e), e.ETag) : null;
    }

    /// <summary>Replaces the credential row if it is still at <paramref name="etag"/>; false when it changed meanwhile.</summary>
    public virtual async Task<bool> ReplaceAsync(Credential credential, ETag etag, CancellationToken cancellationToken = default)
        => await TryReplaceAsync(credential, etag, cancellationToken) is not null;

    /// <summary>Replaces the credential row if it is still at <paramref name="etag"/>; the new ETag, or null when it changed meanwhile.</summary>
    public virtual async Task<ETag?> TryReplaceAsync(Credential credential, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(credential), etag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>Deletes the credential row if it is still at <paramref name="etag"/>; a missing row counts as deleted.</summary>
    public virtual async Task<bool> DeleteAsync(string credentialId, ETag etag, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(CredentialRowKeys.Partition(credentialId), CredentialRowKeys.Row(credentialId), etag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return false;
        }
    }

    /// <summary>The insert of a credential row, for a transaction with its outbox row.</summary>
    public static TableTransactionAction AddAction(Credential credential) => new(TableTransactionActionType.Add, ToEntity(credential));

    /// <summary>The conditional replace of a credential row, for a transaction with its outbox row.</summary>
    public static TableTransactionAction UpdateAction(Credential credential, ETag etag) => new(TableTransactionActionType.UpdateReplace, ToEntity(credential), etag);

    /// <summary>The conditional delete of a credential row, for a transaction with its outbox row.</summary>
    public static TableTransactionAction DeleteAction(string credentialId, ETag etag)
        => new(TableTransactionActionType.Delete, new TableEntity(CredentialRowKeys.Partition(credentialId), CredentialRowKeys.Row(credentialId)), etag);

    /// <summary>One page of a user's credential rows (any status), in id order, with the token of the next page.</summary>
    public virtual async Task<(IReadOnlyList<(Credential Credential, ETag ETag)> Items, string? ContinuationToken)> ListByUserAsync(
        string userId, int limit, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Require(userId)} and RowKey ge {CredentialRowKeys.RowPrefix} and RowKey lt {CredentialRowKeys.RowEnd}");
        var pages = table.QueryAsync<CredentialEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken).AsPages(continuationToken, limit);
        await foreach (var page in pages)
        {
            return ([.. page.Values.Select(e => (FromEntity(e), e.ETag))], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>
    /// One page of every user's credential rows (a query across partitions, for background passes), with the token of the next
    /// page; null when this was the last.
    /// </summary>
    public virtual async Task<(IReadOnlyList<(Credential Credential, ETag ETag)> Items, string? ContinuationToken)> ListAllAsync(
        int limit, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {CredentialRowKeys.RowPrefix} and RowKey lt {CredentialRowKeys.RowEnd}");
        var pages = table.QueryAsync<CredentialEntity>(filter, maxPerPage: limit, cancellationToken: cancellationToken).AsPages(continuationToken, limit);
        await foreach (var page in pages)
        {
            return ([.. page.Values.Select(e => (FromEntity(e), e.ETag))], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>
    /// How many of the user's credentials are not being deleted, counting no further than <paramref name="stopAt"/>: one query
    /// of the user's partition reading keys and status only (a quota check reads at most the quota's rows).
    /// </summary>
    public virtual async Task<int> CountVisibleAsync(string userId, int stopAt, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Require(userId)} and RowKey ge {CredentialRowKeys.RowPrefix} and RowKey lt {CredentialRowKeys.RowEnd}");
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(stopAt + 1, 1, 1000), select: ["RowKey", "Status"], cancellationToken: cancellationToken))
        {
            if (!string.Equals(row.GetString("Status"), "deleting", StringComparison.Ordinal) && ++count >= stopAt)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>Submits actions on one user's partition atomically; the new ETag of the first action's row, or null when a condition failed.</summary>
    public virtual async Task<ETag?> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        try
        {
            var responses = await TableBatch.SubmitAsync(table, actions, cancellationToken);
            return responses.Count > 0 && responses[0].Headers.ETag is { } etag ? etag : ETag.All;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404 or 409)
        {
            return null;
        }
    }

    /// <summary>Submits actions on one user's partition atomically; every action's new ETag in order, or null when a condition failed.</summary>
    public virtual async Task<IReadOnlyList<ETag>?> SubmitForETagsAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        try
        {
            var responses = await TableBatch.SubmitAsync(table, actions, cancellationToken);
            return [.. responses.Select(r => r.Headers.ETag ?? ETag.All)];
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404 or 409)
        {
            return null;
        }
    }

    private static CredentialEntity ToEntity(Credential c)
    {
        var entity = ToMetadataEntity(c);
        if (c.Sealed is { } sealedSecret)
        {
            SealedParts.Write(entity, sealedSecret);
        }

        return entity;
    }

    private static CredentialEntity ToMetadataEntity(Credential c) => new()
    {
        PartitionKey = CredentialRowKeys.Partition(c.CredentialId),
        RowKey = CredentialRowKeys.Row(c.CredentialId),
        TenantId = c.TenantId,
        UserId = c.UserId,
        ConnectorId = c.ConnectorId,
        AuthenticationType = c.AuthenticationType,
        Name = c.Name,
        Status = JsonNamingPolicy.CamelCase.ConvertName(c.Status.ToString()),
        StatusReason = c.StatusReason,
        MetadataJson = JsonSerializer.Serialize(c.Metadata, CredentialsJson.Options),
        ScopesJson = JsonSerializer.Serialize(c.Scopes, CredentialsJson.Options),
        CreatedAt = c.CreatedAt,
        UpdatedAt = c.UpdatedAt,
        ExpiresAt = c.ExpiresAt,
        LastRefreshedAt = c.LastRefreshedAt,
        AuthConfigId = c.AuthConfigId,
        AuthConfigVersion = c.AuthConfigVersion,
        NextRefreshAt = c.NextRefreshAt,
        PreviousRefreshAt = c.PreviousRefreshAt,
        RefreshErrorJson = c.RefreshError is null ? null : JsonSerializer.Serialize(c.RefreshError, CredentialsJson.Options),
        SecretGeneration = c.SecretGeneration,
        LeaseUntil = c.LeaseUntil,
        LeaseOwner = c.LeaseOwner,
        DeleteRequestedAt = c.DeleteRequestedAt,
        ReapAttempts = c.ReapAttempts,
        ConnectSessionId = c.ConnectSessionId,
        StoreCopyMayRemain = c.StoreCopyMayRemain,
    };

    private static Credential FromEntity(CredentialEntity e) => new()
    {
        CredentialId = CredentialRowKeys.IdOfRow(e.RowKey),
        TenantId = e.TenantId,
        UserId = e.UserId,
        ConnectorId = e.ConnectorId,
        AuthenticationType = e.AuthenticationType,
        Name = e.Name,
        Status = Enum.Parse<CredentialStatus>(e.Status, ignoreCase: true),
        StatusReason = e.StatusReason,
        Metadata = JsonSerializer.Deserialize<Dictionary<string, string>>(e.MetadataJson, CredentialsJson.Options) ?? [],
        Scopes = JsonSerializer.Deserialize<string[]>(e.ScopesJson, CredentialsJson.Options) ?? [],
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
        ExpiresAt = e.ExpiresAt,
        LastRefreshedAt = e.LastRefreshedAt,
        AuthConfigId = e.AuthConfigId,
        AuthConfigVersion = e.AuthConfigVersion,
        NextRefreshAt = e.NextRefreshAt,
        PreviousRefreshAt = e.PreviousRefreshAt,
        RefreshError = e.RefreshErrorJson is null ? null : JsonSerializer.Deserialize<RefreshError>(e.RefreshErrorJson, CredentialsJson.Options),
        SecretGeneration = e.SecretGeneration,
        LeaseUntil = e.LeaseUntil,
        LeaseOwner = e.LeaseOwner,
        DeleteRequestedAt = e.DeleteRequestedAt,
        ReapAttempts = e.ReapAttempts,
        ConnectSessionId = e.ConnectSessionId,
        Sealed = SealedParts.Read(e),
        StoreCopyMayRemain = e.StoreCopyMayRemain,
    };
}
