using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Ids;
using Credentials.Core.Json;
using Credentials.Core.Storage;

namespace Credentials.Core.ConnectSessions;

/// <summary>
/// Connect sessions in the <c>credentials</c> table, in their user's partition (RowKey <c>connect|{sessionId}</c>), so that a
/// credential's insert and the session's result change in one transaction (docs/storage.md).
/// </summary>
public class ConnectSessionStore(TableProvider tables)
{
    /// <summary>RowKey prefix of session rows.</summary>
    public const string RowPrefix = "connect|";

    /// <summary>The RowKey of a session.</summary>
    public static string Row(string sessionId) => RowPrefix + sessionId;

    /// <summary>The PartitionKey of a session: its user's id.</summary>
    public static string Partition(string sessionId) => ResourceIds.UserOfConnectSession(sessionId);

    /// <summary>Inserts a new session.</summary>
    public virtual async Task AddAsync(ConnectSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        await table.AddEntityAsync(ToEntity(session), cancellationToken);
    }

    /// <summary>The session with its ETag (of any tenant: callers check the tenant), or null; a malformed id is null too.</summary>
    public virtual async Task<(ConnectSession Session, ETag ETag)?> GetAsync(string? sessionId, CancellationToken cancellationToken = default)
    {
        if (!ResourceIds.IsWellFormed(sessionId, ResourceIds.ConnectSession))
        {
            return null;
        }

        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<ConnectSessionEntity>(Partition(sessionId!), Row(sessionId!), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? (FromEntity(e), e.ETag) : null;
    }

    /// <summary>Deletes the session; false when there was none.</summary>
    public virtual async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        var response = await table.DeleteEntityAsync(Partition(sessionId), Row(sessionId), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    /// <summary>
    /// Records a failed attempt's code (a merge of two columns, without a condition: it never undoes a result). A session that is
    /// gone stays gone.
    /// </summary>
    public virtual async Task RecordErrorAsync(string sessionId, string code, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        var entity = new TableEntity(Partition(sessionId), Row(sessionId)) { ["LastError"] = code, ["LastErrorAt"] = at };
        try
        {
            await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
            // Revoked or removed meanwhile: nothing to record.
        }
    }

    /// <summary>Records <paramref name="updated"/>'s results if the row is still at <paramref name="etag"/>; false when it changed or is gone.</summary>
    public virtual async Task<bool> TryRecordResultsAsync(ConnectSession updated, ETag etag, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Credentials, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(ResultsEntity(updated), etag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    /// <summary>For a credential's insert: the merge of <paramref name="updated"/>'s results under If-Match, so the transaction fails if the session changed.</summary>
    public static TableTransactionAction ResultsAction(ConnectSession updated, ETag etag)
        => new(TableTransactionActionType.UpdateMerge, ResultsEntity(updated), etag);

    private static TableEntity ResultsEntity(ConnectSession updated)
    {
        ArgumentNullException.ThrowIfNull(updated);
        return new TableEntity(Partition(updated.SessionId), Row(updated.SessionId))
        {
            ["ResultsJson"] = JsonSerializer.Serialize(updated.Results, CredentialsJson.Options),
            ["CompletedAt"] = updated.Results.Count > 0 ? updated.Results[^1].At : null,
        };
    }

    private static ConnectSessionEntity ToEntity(ConnectSession s) => new()
    {
        PartitionKey = Partition(s.SessionId),
        RowKey = Row(s.SessionId),
        TenantId = s.TenantId,
        UserId = s.UserId,
        TokenHash = s.TokenHash,
        OffersJson = JsonSerializer.Serialize(s.Offers, CredentialsJson.Options),
        ConnectorsListed = s.ConnectorsListed,
        RedirectUri = s.RedirectUri,
        ReauthorizeCredentialId = s.ReauthorizeCredentialId,
        Locale = s.Locale,
        Multiple = s.Multiple,
        CreatedAt = s.CreatedAt,
        ExpiresAt = s.ExpiresAt,
        ResultsJson = JsonSerializer.Serialize(s.Results, CredentialsJson.Options),
        CompletedAt = s.Results.Count > 0 ? s.Results[^1].At : null,
        LastError = s.LastError,
        LastErrorAt = s.LastErrorAt,
        RemoveAt = s.RemoveAt,
    };

    private static ConnectSession FromEntity(ConnectSessionEntity e) => new()
    {
        SessionId = e.RowKey[RowPrefix.Length..],
        TenantId = e.TenantId,
        UserId = e.UserId,
        TokenHash = e.TokenHash,
        Offers = JsonSerializer.Deserialize<ConnectorOffer[]>(e.OffersJson, CredentialsJson.Options) ?? [],
        ConnectorsListed = e.ConnectorsListed,
        RedirectUri = e.RedirectUri,
        ReauthorizeCredentialId = e.ReauthorizeCredentialId,
        Locale = e.Locale,
        Multiple = e.Multiple,
        CreatedAt = e.CreatedAt,
        ExpiresAt = e.ExpiresAt,
        Results = JsonSerializer.Deserialize<ConnectResult[]>(e.ResultsJson, CredentialsJson.Options) ?? [],
        LastError = e.LastError,
        LastErrorAt = e.LastErrorAt,
    };
}
