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
public class CredentialChanges(CredentialStore credentials, WebhookOutbox outbox, TimeProvider clock)
{
    /// <summary>Inserts a new credential with <c>credential.created</c>.</summary>
    public virtual async Task CreateAsync(Credential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var done = await SubmitAsync(credential, CredentialStore.AddAction(credential), WebhookEventTypes.CredentialCreated, cancellationToken).ConfigureAwait(false);
        if (done is null)
        {
            throw new InvalidOperationException($"Credential {credential.CredentialId} already exists.");
        }
    }

    /// <summary>Replaces the row if still at <paramref name="etag"/>, with an optional event; the new ETag, or null when the row changed.</summary>
    public virtual Task<ETag?> ReplaceAsync(Credential updated, ETag etag, string? eventType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updated);
        return SubmitAsync(updated, CredentialStore.UpdateAction(updated, etag), eventType, cancellationToken);
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

    private async Task<ETag?> SubmitAsync(Credential credential, TableTransactionAction change, string? eventType, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction> { change };
        if (eventType is not null)
        {
            var data = JsonSerializer.SerializeToNode(CredentialView.From(credential), CredentialsJson.Options)!;
            var evt = WebhookEvent.Create(eventType, credential.TenantId, credential.CredentialId, data, clock.GetUtcNow());
            if (await outbox.PrepareAsync(evt, cancellationToken).ConfigureAwait(false) is { } outboxRow)
            {
                actions.Add(outboxRow);
            }
        }

        return await credentials.SubmitAsync(actions, cancellationToken).ConfigureAwait(false);
    }
}
