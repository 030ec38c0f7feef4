using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Json;
using Credentials.Core.Webhooks;

namespace Credentials.Core.Credentials;

/// <summary>
/// Every change of a credential row that tenants hear about goes through here: the row and its webhook event are written in
/// one Table transaction on the credential's partition (the outbox), after the event's delivery index row.
/// </summary>
public class CredentialChanges(CredentialStore credentials, Secrets.ISecretStore secrets, Refresh.RefreshIndexStore refreshIndex, Users.UserStore users, WebhookOutbox outbox, TimeProvider clock)
{
    /// <summary>
    /// Stores a new credential in the one order that survives a crash at any point: the secret, its due-index entry, the row
    /// (with <c>credential.created</c>), then the user's index row, so every listed credential has its secret. Never cancelled
    /// halfway.
    /// </summary>
    public virtual async Task StoreNewAsync(Credential credential, Secrets.SecretBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(bundle);
        await secrets.SetAsync(CredentialService.AddressOf(credential), bundle.ToBytes(), CancellationToken.None).ConfigureAwait(false);
        await refreshIndex.AddIfScheduledAsync(credential.CredentialId, credential.NextRefreshAt, CancellationToken.None).ConfigureAwait(false);
        await CreateAsync(credential, CancellationToken.None).ConfigureAwait(false);
        await users.AddCredentialAsync(credential.UserId, credential.CredentialId, credential.ConnectorId, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Inserts a new credential with <c>credential.created</c>.</summary>
    public virtual async Task CreateAsync(Credential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var outboxRow = await PrepareAsync(credential, WebhookEventTypes.CredentialCreated, cancellationToken).ConfigureAwait(false);
        if (outboxRow is null)
        {
            await credentials.CreateAsync(credential, cancellationToken).ConfigureAwait(false);
        }
        else if (await credentials.SubmitAsync([CredentialStore.AddAction(credential), outboxRow], cancellationToken).ConfigureAwait(false) is null)
        {
            throw new InvalidOperationException($"Credential {credential.CredentialId} already exists.");
        }
    }

    /// <summary>Replaces the row if still at <paramref name="etag"/>, with an optional event; the new ETag, or null when the row changed.</summary>
    public virtual async Task<ETag?> ReplaceAsync(Credential updated, ETag etag, string? eventType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var outboxRow = eventType is null ? null : await PrepareAsync(updated, eventType, cancellationToken).ConfigureAwait(false);

        // Without an event a single conditional update does: a transaction is only needed to pair the row with its outbox row.
        return outboxRow is null
            ? await credentials.TryReplaceAsync(updated, etag, cancellationToken).ConfigureAwait(false)
            : await credentials.SubmitAsync([CredentialStore.UpdateAction(updated, etag), outboxRow], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the row if still at <paramref name="etag"/>, with <c>credential.deleted</c>; false when it changed (a missing row counts as deleted).</summary>
    public virtual async Task<bool> DeleteAsync(Credential credential, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (await SubmitAsync(credential, CredentialStore.DeleteAction(credential.CredentialId, etag), WebhookEventTypes.CredentialDeleted, cancellationToken).ConfigureAwait(false) is not null)
        {
            return true;
        }

        return await credentials.GetAsync(credential.CredentialId, cancellationToken).ConfigureAwait(false) is null;
    }

    private async Task<ETag?> SubmitAsync(Credential credential, TableTransactionAction change, string eventType, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction> { change };
        if (await PrepareAsync(credential, eventType, cancellationToken).ConfigureAwait(false) is { } outboxRow)
        {
            actions.Add(outboxRow);
        }

        return await credentials.SubmitAsync(actions, cancellationToken).ConfigureAwait(false);
    }

    // The event's delivery index row is written now; the outbox row goes into the caller's transaction (null: no webhook).
    private Task<TableTransactionAction?> PrepareAsync(Credential credential, string eventType, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.SerializeToNode(CredentialView.From(credential), CredentialsJson.Options)!;
        return outbox.PrepareAsync(WebhookEvent.Create(eventType, credential.TenantId, credential.CredentialId, data, clock.GetUtcNow()), cancellationToken);
    }
}
