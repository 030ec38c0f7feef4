using Azure;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.Secrets;
using Microsoft.Extensions.Logging;

namespace Credentials.Core.Refresh;

/// <summary>
/// Inline modes' one write that must not fail: the leased row carrying newly obtained tokens, sealed. A refusing store
/// (throttling, 5xx, timeout) is retried as it asks for up to <see cref="StorageRetry.Patience"/> (no other worker can claim
/// the lease meanwhile without writing the same row). A row that changed under the lease is re-read: marked for deletion, it
/// takes the tokens (so the reaper, which waits for the lease plus the repair grace, revokes them: I4); gone, the tokens are
/// revoked here; changed otherwise, the write is made again on the new ETag.
/// </summary>
public partial class SealedRowWriter(CredentialStore credentials, CredentialWriter changes, CredentialBundles bundles, TokenRevoker revoker, TimeProvider clock, ILogger<SealedRowWriter> logger)
{
    private const int ChangedRowAttempts = 5;

    /// <summary>Writes <paramref name="row"/> (sealing <paramref name="stored"/>) on the lease's ETag; the row as written, or null when a delete won.</summary>
    public virtual async Task<Credential?> WriteAsync(Credential leased, ETag leaseETag, Credential row, SecretBundle stored, string? eventType)
    {
        ArgumentNullException.ThrowIfNull(leased);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(stored);
        var etag = leaseETag;
        for (var changed = 0; changed < ChangedRowAttempts; changed++)
        {
            if (await ReplacePatientlyAsync(row, etag, eventType) is not null)
            {
                return row;
            }

            if (await credentials.GetAsync(leased.CredentialId, CancellationToken.None) is not { } current)
            {
                LogRevokedUnstored(logger, leased.CredentialId);
                await revoker.RevokeAsync(leased, stored.Tokens, CancellationToken.None);
                return null;
            }

            if (current.Credential.Status == CredentialStatus.Deleting)
            {
                // The delete won the row: the marked row keeps its status and takes the newest tokens for the reaper to revoke.
                var handed = await bundles.SealIntoAsync(current.Credential, stored, CancellationToken.None);
                if (await credentials.TryReplaceAsync(handed, current.ETag, CancellationToken.None) is null)
                {
                    LogRevokedUnstored(logger, leased.CredentialId);
                    await revoker.RevokeAsync(leased, stored.Tokens, CancellationToken.None);
                }

                return null;
            }

            if (current.Credential.SecretGeneration >= stored.Generation)
            {
                // Another worker stored tokens after this run's lease ran out: theirs are the newest.
                return current.Credential;
            }

            etag = current.ETag;
        }

        throw new InvalidOperationException($"The row of {leased.CredentialId} kept changing under its refresh lease.");
    }

    private async Task<ETag?> ReplacePatientlyAsync(Credential row, ETag etag, string? eventType)
    {
        var giveUpAt = clock.GetUtcNow() + StorageRetry.Patience;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await changes.ReplaceAsync(row, etag, eventType, CancellationToken.None);
            }
            catch (RequestFailedException e) when (StorageRetry.IsTransient(e) && clock.GetUtcNow() < giveUpAt)
            {
                var wait = StorageRetry.Wait(e, attempt);
                LogRowWriteRetry(logger, row.CredentialId, e.Status, wait);
                await Task.Delay(wait, clock);
            }
            catch (RequestFailedException e) when (StorageRetry.IsTransient(e))
            {
                LogRowTokensLost(logger, e, row.CredentialId);
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential {CredentialId}: storage refused the row with the refreshed tokens ({Status}); retrying in {Wait}")]
    private static partial void LogRowWriteRetry(ILogger logger, string credentialId, int status, TimeSpan wait);

    [LoggerMessage(EventId = 4005, EventName = "RotatedTokensLostInRow", Level = LogLevel.Critical, Message = "Credential {CredentialId}: storage refused the refreshed tokens for too long; if the provider rotates refresh tokens the end user must connect again")]
    private static partial void LogRowTokensLost(ILogger logger, Exception exception, string credentialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Credential {CredentialId} was deleted while it refreshed; the tokens it obtained were revoked")]
    private static partial void LogRevokedUnstored(ILogger logger, string credentialId);
}
