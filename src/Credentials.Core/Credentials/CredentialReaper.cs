using Azure;
using Credentials.Core.Configuration;
using Credentials.Core.OAuth;
using Credentials.Core.Refresh;
using Credentials.Core.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Credentials;

/// <summary>
/// Finishes deletes: for a row marked <see cref="CredentialStatus.Deleting"/>, revokes the newest tokens at the provider, removes
/// the secret, then the row and its due-index entry (docs/consistency.md, I2 and I4). Called inline by a delete and by the sweep
/// for deletes that a crash, a running refresh or a failing provider interrupted.
/// </summary>
public partial class CredentialReaper(
    CredentialStore credentials,
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
    /// Finishes the delete of a marked row read with <paramref name="etag"/>. <see cref="RevocationOutcome.Pending"/> when a
    /// refresh may still be writing (the sweep comes back at the row's next time), <see cref="RevocationOutcome.Failed"/> when the
    /// provider refused and a retry was scheduled (or the last one failed and the secret went anyway).
    /// </summary>
    public virtual async Task<RevocationOutcome> ReapAsync(Credential marked, ETag etag)
    {
        ArgumentNullException.ThrowIfNull(marked);
        var now = clock.GetUtcNow();
        if (marked.Status != CredentialStatus.Deleting || ReapBlockedUntil(marked) is not null)
        {
            return RevocationOutcome.Pending;
        }

        var address = CredentialService.AddressOf(marked);
        var bytes = await secrets.GetAsync(address, CancellationToken.None).ConfigureAwait(false);
        var tokens = bytes is null ? null : SecretBundle.FromBytes(bytes).Tokens;
        var revocation = tokens is null ? RevocationOutcome.NotSupported : await revoker.RevokeAsync(marked, tokens, CancellationToken.None).ConfigureAwait(false);
        if (revocation == RevocationOutcome.Failed && marked.ReapAttempts < RevocationBackoff.Count)
        {
            var retryAt = now + RevocationBackoff[marked.ReapAttempts];
            await dueIndex.AddAsync(marked.CredentialId, retryAt, CancellationToken.None).ConfigureAwait(false);
            if (await credentials.TryReplaceAsync(marked with { ReapAttempts = marked.ReapAttempts + 1, NextRefreshAt = retryAt }, etag, CancellationToken.None).ConfigureAwait(false) is not null)
            {
                await dueIndex.RemoveIfMovedAsync(marked.CredentialId, marked.NextRefreshAt, retryAt, CancellationToken.None).ConfigureAwait(false);
            }

            LogRevocationRetry(logger, marked.CredentialId, marked.ReapAttempts + 1, retryAt);
            return revocation;
        }

        if (revocation == RevocationOutcome.Failed)
        {
            LogRevocationAbandoned(logger, marked.CredentialId, marked.ConnectorId, marked.ReapAttempts + 1);
        }

        await secrets.DeleteAsync(address, CancellationToken.None).ConfigureAwait(false);
        await credentials.DeleteAsync(marked.CredentialId, etag, CancellationToken.None).ConfigureAwait(false);
        await dueIndex.RemoveIfMovedAsync(marked.CredentialId, marked.NextRefreshAt, null, CancellationToken.None).ConfigureAwait(false);
        return revocation;
    }

    /// <summary>Removes the secret of a credential whose row never came (a create interrupted after its secret was written).</summary>
    public virtual Task RemoveOrphanSecretAsync(string credentialId)
        => secrets.DeleteAsync(SecretAddress.ForOwner(credentialId), CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revocation for deleted credential {CredentialId} failed; attempt {Attempt} is scheduled at {RetryAt}")]
    private static partial void LogRevocationRetry(ILogger logger, string credentialId, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 4002, EventName = "RevocationAbandoned", Level = LogLevel.Error, Message = "Revocation for deleted credential {CredentialId} ({ConnectorId}) failed {Attempts} times; its secret was removed without a confirmed revocation")]
    private static partial void LogRevocationAbandoned(ILogger logger, string credentialId, string connectorId, int attempts);
}
