using Azure.Data.Tables;
using Credentials.Core.Tenancy;

namespace Credentials.Core.Webhooks;

/// <summary>
/// Queues events with the state change that causes them (the transactional outbox). Usage, for a state change of
/// credential <c>c</c>:
/// <code>
/// var outbox = await webhookOutbox.PrepareAsync(WebhookEvent.Create(type, tenantId, c, view, now), ct);
/// var actions = new List&lt;TableTransactionAction&gt; { credentialUpdate };
/// if (outbox is not null) actions.Add(outbox);
/// await TableBatch.SubmitAsync(credentialsTable, actions, ct);
/// </code>
/// </summary>
/// <remarks>
/// Like the refresh due index, the index row is written before the transaction: a transaction that then fails (a lost
/// If-Match race, a crash) leaves an index row without its outbox row, which the deliverer removes once it is older than
/// <see cref="WebhookDeliveryService.StaleGracePeriod"/>. Call <see cref="PrepareAsync"/> again, with a new event, for
/// every retry of the transaction.
/// </remarks>
public class WebhookOutbox(TenantStore tenants, WebhookDeliveryStore store, TimeProvider clock)
{
    /// <summary>
    /// Writes the index row of <paramref name="e"/> and returns the outbox insert to add to the credential's transaction;
    /// null (and nothing written) when the tenant has no webhook URL or its webhook was disabled.
    /// </summary>
    public virtual async Task<TableTransactionAction?> PrepareAsync(WebhookEvent e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var found = await tenants.GetTenantAsync(e.TenantId, cancellationToken);
        if (found is not { Tenant: { WebhookUrl: not null, WebhookDisabledAt: null } })
        {
            return null;
        }

        // Built first so an oversized event fails before anything is written.
        var action = OutboxRows.Add(e);
        await store.AddIndexAsync(e.CredentialId, e.Id, e.OccurredAt, clock.GetUtcNow(), cancellationToken);
        return action;
    }
}
