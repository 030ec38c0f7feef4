using Azure;
using Credentials.Core.Configuration;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>
/// Finishes deletes: for a row marked <see cref="CredentialStatus.Deleting"/>, revokes the newest tokens at the provider, removes
/// the secret, then the row and its due-index entry (docs/consistency.md, I2 and I4). Called inline by a delete and by the sweep
/// for deletes that a crash, a running refresh or a failing provider interrupted.
/// </summary>
public partial class CredentialReaper(
    CredentialStore credentials,
    CredentialBundles bundles,
    ISecretStore secrets,
    RefreshIndexStore dueIndex,
    TokenRevoker revoker,
    IOptions<CredentialsOptions> options,
    TimeProvider clock,
    ILogger<CredentialReaper> logger)
{
    /// <summary>Waits between revocation attempts; after the last the secret is removed without a confirmed revocation.</summary>
    public static readonly IReadOnlyList<TimeSpan> RevocationBackoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60)];

    /// <summary>How long the repair leaves an interrupted write alone (<see cref="CredentialsOptions.RepairGrace"/>).</summary>
    public TimeSpan RepairGrace => options.Value.RepairGrace;

    /// <summary>
    /// Until when a delete of <paramref name="credential"/> must leave its secret alone, or null when it may go now: a refresh
    /// that held the lease could still write new tokens until its lease plus the repair grace has passed.
    /// </summary>
    public DateTimeOffset? ReapBlockedUntil(Credential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return credential.LeaseUntil is { } lease && lease + options.Value.RepairGrace > clock.GetUtcNow() ? lease + options.Value.RepairGrace : null;
    }

    /// <summary>
    /// When the repair must come back to a marked row: its delete (or the end of the lease it met) plus the repair grace, plus
    /// the revocation backoff already spent. Derived from the row, so the reaper can remove the entry without remembering it.
    /// </summary>
    public DateTimeOffset RepairAt(Credential marked)
    {
        ArgumentNullException.ThrowIfNull(marked);
        var from = marked.DeleteRequestedAt ?? clock.GetUtcNow();
        if (marked.LeaseUntil is { } lease && lease > from)
        {
            from = lease;
        }

        return RevocationBackoff.Take(marked.ReapAttempts).Aggregate(from + options.Value.RepairGrace, (at, wait) => at + wait);
    }

    /// <summary>
    /// Finishes the delete of a marked row read with <paramref name="etag"/>. <see cref="RevocationOutcome.Pending"/> when a
    /// refresh may still be writing (the sweep comes back at <see cref="RepairAt"/>), <see cref="RevocationOutcome.Failed"/> when
    /// the provider refused and a retry was scheduled (or the last one failed and the secret went anyway). Order: revoke, the
    /// secret, the refresh entry, the row, and last the repair entry, so a crash anywhere leaves an entry that comes back (I2).
    /// </summary>
    public virtual async Task<RevocationOutcome> ReapAsync(Credential marked, ETag etag)
    {
        ArgumentNullException.ThrowIfNull(marked);
        if (marked.Status != CredentialStatus.Deleting || ReapBlockedUntil(marked) is not null)
        {
            return RevocationOutcome.Pending;
        }

        // Only OAuth tokens are revoked: other credentials' secrets are removed without being read.
        // In the inline modes the marked row holds the newest bundle (a refresh that lost to the mark wrote its tokens into it).
        var bundle = marked.AuthenticationType == Connectors.AuthenticationTypes.OAuth2 ? await bundles.ReadAsync(marked, CancellationToken.None) : null;
        var tokens = bundle?.Tokens;
        var revocation = tokens is null ? RevocationOutcome.NotSupported : await revoker.RevokeAsync(marked, tokens, CancellationToken.None);
        var repairAt = RepairAt(marked);
        if (revocation == RevocationOutcome.Failed && marked.ReapAttempts < RevocationBackoff.Count)
        {
            var retry = marked with { ReapAttempts = marked.ReapAttempts + 1 };
            await dueIndex.AddAsync(marked.CredentialId, RepairAt(retry), CancellationToken.None);
            if (await credentials.TryReplaceAsync(retry, etag, CancellationToken.None) is not null)
            {
                await dueIndex.RemoveIfMovedAsync(marked.CredentialId, repairAt, RepairAt(retry), CancellationToken.None);
            }

            LogRevocationRetry(logger, marked.CredentialId, retry.ReapAttempts, RepairAt(retry));
            return revocation;
        }

        if (revocation == RevocationOutcome.Failed)
        {
            LogRevocationAbandoned(logger, marked.CredentialId, marked.ConnectorId, marked.ReapAttempts + 1);
        }

        if (CredentialBundles.HasStoreCopy(marked))
        {
            await bundles.DeleteStoredAsync(marked, CancellationToken.None);
        }

        await dueIndex.RemoveIfMovedAsync(marked.CredentialId, marked.NextRefreshAt, repairAt, CancellationToken.None);
        if (marked.PreviousRefreshAt != marked.NextRefreshAt)
        {
            await dueIndex.RemoveIfMovedAsync(marked.CredentialId, marked.PreviousRefreshAt, repairAt, CancellationToken.None);
        }

        if (bundle?.RefreshAt is { } written && written != marked.NextRefreshAt && written != marked.PreviousRefreshAt)
        {
            // A refresh stored newer tokens and their entry but not its row (a crash, or this delete won the row).
            await dueIndex.RemoveIfMovedAsync(marked.CredentialId, written, repairAt, CancellationToken.None);
        }

        await credentials.DeleteAsync(marked.CredentialId, etag, CancellationToken.None);
        await dueIndex.RemoveAsync(marked.CredentialId, repairAt, CancellationToken.None);
        return revocation;
    }

    /// <summary>
    /// Removes the secret of a credential whose row never came (a create interrupted after its secret was written), with the
    /// refresh entry the create wrote, revoking its tokens first when the bundle says whose they are.
    /// </summary>
    public virtual async Task RemoveOrphanSecretAsync(string credentialId)
    {
        var address = SecretAddress.ForOwner(credentialId);
        if (await secrets.GetAsync(address, CancellationToken.None) is not { } bytes)
        {
            return;
        }

        var bundle = SecretBundle.FromBytes(bytes);
        if (bundle.RefreshAt is { } refreshAt)
        {
            // The entry first: a crash after it leaves the secret and the intent, and the next sweep comes back.
            await dueIndex.RemoveAsync(credentialId, refreshAt, CancellationToken.None);
        }

        if (bundle is { Tokens: { } tokens, Owner: { } owner })
        {
            var orphan = new Credential
            {
                CredentialId = credentialId,
                TenantId = owner.TenantId,
                UserId = owner.UserId,
                ConnectorId = owner.ConnectorId,
                AuthenticationType = Connectors.AuthenticationTypes.OAuth2,
                AuthConfigId = owner.AuthConfigId,
                AuthConfigVersion = owner.AuthConfigVersion,
                Metadata = owner.Metadata,
            };
            await revoker.RevokeAsync(orphan, tokens, CancellationToken.None);
        }

        await secrets.DeleteAsync(address, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revocation for deleted credential {CredentialId} failed; attempt {Attempt} is scheduled at {RetryAt}")]
    private static partial void LogRevocationRetry(ILogger logger, string credentialId, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 4002, EventName = "RevocationAbandoned", Level = LogLevel.Error, Message = "Revocation for deleted credential {CredentialId} ({ConnectorId}) failed {Attempts} times; its secret was removed without a confirmed revocation")]
    private static partial void LogRevocationAbandoned(ILogger logger, string credentialId, string connectorId, int attempts);
}
