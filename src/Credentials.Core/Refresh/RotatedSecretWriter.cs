using Azure;
using Credentials.Core.Credentials;
using Credentials.Core.Secrets;
using Microsoft.Extensions.Logging;

namespace Credentials.Core.Refresh;

/// <summary>
/// KeyVault mode's one write that must not fail: the provider has answered, and with rotation the old refresh token is dead, so
/// the new tokens exist only in memory until the secret store holds them. A throttled or failing store (Key Vault answers 429
/// per vault per 10 s) is retried as it asks for up to <see cref="StorageRetry.Patience"/>, extending the lease before it runs
/// out so no other worker refreshes (and spends the dead refresh token) meanwhile. Only a store down for longer loses them,
/// which is logged (event 4003).
/// </summary>
public partial class RotatedSecretWriter(CredentialStore credentials, CredentialBundles bundles, TimeProvider clock, ILogger<RotatedSecretWriter> logger)
{
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(10);

    /// <summary>Writes <paramref name="stored"/>; the lease's ETag afterwards (changed when the lease was extended).</summary>
    public virtual async Task<ETag> WriteAsync(Credential leased, ETag leaseETag, SecretBundle stored)
    {
        ArgumentNullException.ThrowIfNull(leased);
        var giveUpAt = clock.GetUtcNow() + StorageRetry.Patience;
        var leaseUntil = leased.LeaseUntil ?? clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await bundles.StoreAsync(leased, stored, CancellationToken.None);
                return leaseETag;
            }
            catch (RequestFailedException e) when (StorageRetry.IsTransient(e) && clock.GetUtcNow() < giveUpAt)
            {
                var wait = StorageRetry.Wait(e, attempt);
                LogSecretWriteRetry(logger, leased.CredentialId, e.Status, wait);
                if (clock.GetUtcNow() + wait + LeaseMargin > leaseUntil)
                {
                    // Keep the lease: a refused extension means a delete marked the row, which waits for this lease plus the
                    // repair grace before it reaps, so the write is still worth finishing within that.
                    leaseUntil = clock.GetUtcNow() + RefreshService.LeaseDuration;
                    if (await credentials.TryReplaceAsync(leased with { LeaseUntil = leaseUntil }, leaseETag, CancellationToken.None) is { } extended)
                    {
                        leaseETag = extended;
                    }
                }

                await Task.Delay(wait, clock);
            }
            catch (RequestFailedException e) when (StorageRetry.IsTransient(e))
            {
                LogRotatedTokensLost(logger, e, leased.CredentialId);
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential {CredentialId}: the secret store refused the refreshed tokens ({Status}); retrying in {Wait}")]
    private static partial void LogSecretWriteRetry(ILogger logger, string credentialId, int status, TimeSpan wait);

    [LoggerMessage(EventId = 4003, EventName = "RotatedTokensLost", Level = LogLevel.Critical, Message = "Credential {CredentialId}: the secret store refused the refreshed tokens for too long; if the provider rotates refresh tokens the end user must connect again")]
    private static partial void LogRotatedTokensLost(ILogger logger, Exception exception, string credentialId);
}
