using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Configuration;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Errors;
using Credentials.Core.Json;
using Credentials.Core.Limits;
using Credentials.Core.Secrets;
using Credentials.Core.Users;
using Credentials.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Credentials;

/// <summary>
/// Every write of a credential row goes through here, in the orders docs/consistency.md proves: a row and its webhook event
/// share one Table transaction in the user's partition (the outbox, after the event's delivery index row), a new credential
/// is conditioned on its user's head row, and a due-index entry (the repair's intent) precedes every secret it may orphan.
/// </summary>
public class CredentialWriter(
    CredentialStore credentials,
    ConnectSessionStore connectSessions,
    CredentialBundles bundles,
    RefreshIndexStore dueIndex,
    UserStore users,
    WebhookOutbox outbox,
    TenantLimitsProvider limits,
    IOptions<CredentialsOptions> options,
    TimeProvider clock)
{
    // Each failed attempt means another credential of the user was stored meanwhile, so a burst of n concurrent creates for one
    // user needs up to n rounds; past this many the caller is told to retry (409 with Retry-After), never that the user is gone.
    private const int HeadAttempts = 32;

    /// <summary>
    /// 409 <c>quota_exceeded</c> when the user already has their tenant's quota of credentials (deleting ones not counted). Exact
    /// when counted after reading the head row whose ETag the insert is conditioned on: any other insert in between changes that
    /// ETag, so the insert fails and counts again (docs/consistency.md, I9).
    /// </summary>
    public virtual async Task RequireRoomAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        var max = (await limits.GetAsync(tenantId, cancellationToken)).CredentialsPerUser;
        if (await credentials.CountVisibleAsync(userId, max, cancellationToken) >= max)
        {
            throw QuotaExceeded(max);
        }
    }

    /// <summary>
    /// Stores a new credential of its user (whose head row was read with <paramref name="userETag"/>). Order: an intent entry in
    /// the due index (the repair removes the secret and the refresh entry if no row follows: I2), the secret (naming its owner and
    /// refresh time, so the repair can revoke and find that entry), the refresh entry, the row with <c>credential.created</c> in
    /// one transaction with If-Match on the user's head row (a user deleted meanwhile gets no credential: I3) and, for a connect
    /// session's page, the session's result under If-Match (a single-use session creates one credential: I11), and last the
    /// removal of the intent. Throws not_found (user) after undoing the rest when the user is being deleted, and
    /// session_completed or session_expired when the session can no longer take it. Never cancelled halfway. The user's
    /// credentials are counted first, and again whenever the head row changed (<see cref="RequireRoomAsync"/>), so the user never
    /// has more than their tenant's quota (409 <c>quota_exceeded</c> after undoing the rest, I9).
    /// </summary>
    public virtual async Task StoreNewAsync(Credential credential, SecretBundle bundle, ETag userETag, ConnectSessionClaim? session = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(bundle);
        if (session is not null && !session.Session.AcceptsCredential(clock.GetUtcNow()))
        {
            // Expired while the provider was being asked: nothing is written.
            throw ConnectSession.Refusal(session.Session, clock.GetUtcNow());
        }

        await RequireRoomAsync(credential.TenantId, credential.UserId, CancellationToken.None);
        var owned = bundle.Tokens is null ? bundle : bundle with
        {
            Owner = new SecretOwner(credential.TenantId, credential.UserId, credential.ConnectorId, credential.AuthConfigId, credential.AuthConfigVersion, credential.Metadata),
            RefreshAt = credential.NextRefreshAt,
        };

        // Inline modes: the bundle is sealed into the row (refused with a 400 before anything is written when it does not fit), so
        // only the refresh entry can be orphaned: an intent is needed only when there is one, and it names that entry for the repair.
        var row = bundles.Inline ? await SealNewAsync(credential, owned) : credential;
        var intentAt = clock.GetUtcNow() + options.Value.RepairGrace;
        var needsIntent = !bundles.Inline || credential.NextRefreshAt is not null;
        if (needsIntent)
        {
            await dueIndex.AddIntentAsync(credential.CredentialId, intentAt, credential.NextRefreshAt, CancellationToken.None);
        }

        if (!bundles.Inline)
        {
            await bundles.StoreAsync(credential, owned, CancellationToken.None);
        }

        await dueIndex.AddIfScheduledAsync(credential.CredentialId, credential.NextRefreshAt, CancellationToken.None);

        var etag = userETag;
        ServiceException? failure = null;
        for (var attempt = 0; attempt < HeadAttempts; attempt++)
        {
            var actions = new List<TableTransactionAction> { CredentialStore.AddAction(row), UserStore.HeadCheckAction(credential.UserId, etag) };
            if (session is not null)
            {
                actions.Add(ConnectSessionStore.ResultsAction(session.Session.WithResult(credential.CredentialId, credential.ConnectorId, credential.CreatedAt), session.ETag));
            }

            if (await PrepareAsync(credential, WebhookEventTypes.CredentialCreated, CancellationToken.None) is { } outboxRow)
            {
                actions.Add(outboxRow);
            }

            if (await credentials.SubmitAsync(actions, CancellationToken.None) is not null)
            {
                if (needsIntent)
                {
                    await dueIndex.RemoveIfMovedAsync(credential.CredentialId, intentAt, credential.NextRefreshAt, CancellationToken.None);
                }

                return;
            }

            // Another credential of the user was added (its transaction touched the head row too), or the user is being deleted.
            if (await users.GetAsync(credential.UserId, CancellationToken.None) is not { } head || head.User.IsDeleting)
            {
                failure = ServiceException.NotFound("user");
                break;
            }

            // Or the session changed (a result or an error was recorded, or it was revoked): go on only while it still accepts one.
            if (session is not null)
            {
                var now = clock.GetUtcNow();
                var fresh = await connectSessions.GetAsync(session.Session.SessionId, CancellationToken.None);
                if (fresh is not { } hit || !hit.Session.AcceptsCredential(now))
                {
                    failure = ConnectSession.Refusal(fresh?.Session, now);
                    break;
                }

                session = new ConnectSessionClaim(hit.Session, hit.ETag);
            }

            etag = head.ETag;
            var max = (await limits.GetAsync(credential.TenantId, CancellationToken.None)).CredentialsPerUser;
            if (await credentials.CountVisibleAsync(credential.UserId, max, CancellationToken.None) >= max)
            {
                failure = QuotaExceeded(max);
                break;
            }
        }

        await dueIndex.RemoveIfMovedAsync(credential.CredentialId, credential.NextRefreshAt, intentAt, CancellationToken.None);
        if (!bundles.Inline)
        {
            await bundles.DeleteStoredAsync(credential, CancellationToken.None);
        }

        if (needsIntent)
        {
            await dueIndex.RemoveAsync(credential.CredentialId, intentAt, CancellationToken.None);
        }

        throw failure ?? Contended();
    }

    private async Task<Credential> SealNewAsync(Credential credential, SecretBundle bundle)
    {
        try
        {
            return await bundles.SealNewAsync(credential, bundle, CancellationToken.None);
        }
        catch (BundleTooLargeException e)
        {
            throw SealedBundleLimit.TooLarge(e.BundleBytes);
        }
    }

    private static ServiceException Contended() => new(ErrorCodes.Conflict, "Too many credentials are being created for this user at once; retry.")
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    private static ServiceException QuotaExceeded(int max) => LimitProblems.QuotaExceeded(QuotaNames.CredentialsPerUser, max, "credentials for this user");

    /// <summary>Replaces the row if still at <paramref name="etag"/>, with an optional event; the new ETag, or null when the row changed.</summary>
    public virtual async Task<ETag?> ReplaceAsync(Credential updated, ETag etag, string? eventType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var outboxRow = eventType is null ? null : await PrepareAsync(updated, eventType, cancellationToken);

        // Without an event a single conditional update does: a transaction is only needed to pair the row with its outbox row.
        return outboxRow is null
            ? await credentials.TryReplaceAsync(updated, etag, cancellationToken)
            : await credentials.SubmitAsync([CredentialStore.UpdateAction(updated, etag), outboxRow], cancellationToken);
    }

    /// <summary>
    /// The delete's point of no return: marks the row <see cref="CredentialStatus.Deleting"/> with <c>credential.deleted</c> in one
    /// transaction, after the due-index entry at <paramref name="repairAt"/> (computed from the marked row by
    /// <see cref="UseCases.CredentialReaper.RepairAt"/>) that makes the repair finish it. The row keeps its refresh time, so the reaper
    /// knows which refresh entry to remove. The new row and ETag, or null when the row changed since it was read.
    /// </summary>
    public virtual async Task<(Credential Marked, ETag ETag)?> MarkDeletingAsync(Credential marked, ETag etag, DateTimeOffset repairAt, Credential before)
    {
        ArgumentNullException.ThrowIfNull(marked);
        ArgumentNullException.ThrowIfNull(before);
        await dueIndex.AddAsync(marked.CredentialId, repairAt, CancellationToken.None);
        var actions = new List<TableTransactionAction> { CredentialStore.UpdateAction(marked, etag) };
        if (await PrepareAsync(before, WebhookEventTypes.CredentialDeleted, CancellationToken.None) is { } outboxRow)
        {
            actions.Add(outboxRow);
        }

        return await credentials.SubmitAsync(actions, CancellationToken.None) is { } newETag ? (marked, newETag) : null;
    }

    /// <summary>The row of <paramref name="credential"/> as a delete marks it (the user delete batches these itself).</summary>
    public Credential MarkedForDeletion(Credential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var now = clock.GetUtcNow();
        return credential with { Status = CredentialStatus.Deleting, DeleteRequestedAt = now, UpdatedAt = now, RefreshError = null, ReapAttempts = 0 };
    }

    /// <summary>The outbox insert of <paramref name="eventType"/> about <paramref name="credential"/> (its delivery index row is written now); null when the tenant has no webhook.</summary>
    public Task<TableTransactionAction?> PrepareAsync(Credential credential, string eventType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var data = JsonSerializer.SerializeToNode(credential.ToView(), CredentialsJson.Options)!;
        if (eventType == WebhookEventTypes.CredentialCreated && credential.ConnectSessionId is { } sessionId)
        {
            // The tenant learns which connect link produced the credential without polling the session.
            data["sessionId"] = sessionId;
        }

        return outbox.PrepareAsync(WebhookEvent.Create(eventType, credential.TenantId, credential.CredentialId, data, clock.GetUtcNow()), cancellationToken);
    }
}
