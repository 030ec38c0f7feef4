using Azure;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.Secrets;
using Credentials.Core.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Refresh;

/// <summary>
/// The writes that end a leased refresh or reauthorization (docs/consistency.md, "Refresh"). KeyVault mode: the secret (never
/// lost to throttling, <see cref="RotatedSecretWriter"/>), the due-index entry, the row under the lease's ETag, the old entry's
/// removal. Inline modes: the due-index entry, then one If-Match write of the row carrying the sealed tokens (retried while
/// storage refuses; a row marked for deletion meanwhile takes the tokens so the reaper revokes them), the old entry's removal.
/// </summary>
public partial class RefreshCommit(
    CredentialStore credentials,
    CredentialBundles bundles,
    RefreshIndexStore index,
    CredentialWriter changes,
    RotatedSecretWriter rotatedSecrets,
    SealedRowWriter sealedRows,
    TokenRevoker revoker,
    IOptions<CredentialsOptions> options,
    TimeProvider clock,
    ILogger<RefreshCommit> logger)
{
    /// <summary>Stores the tokens the provider returned for a leased row; the outcome the run answers.</summary>
    public virtual async Task<RefreshOutcome> SucceededAsync(Credential leased, ETag leaseETag, SecretBundle bundle, OAuthTokens tokens, OAuth2Settings settings)
    {
        ArgumentNullException.ThrowIfNull(leased);
        ArgumentNullException.ThrowIfNull(bundle);
        var now = clock.GetUtcNow();
        var next = RefreshSchedule.NextRefreshAt(settings, tokens.ExpiresAt, now, options.Value.RefreshWindow);
        var stored = bundle with { Generation = bundle.Generation + 1, Tokens = tokens, RefreshAt = next };
        var updated = leased.WithStoredTokens(tokens, stored.Generation, next, now);
        var eventType = leased.RefreshError is null ? null : WebhookEventTypes.CredentialRecovered;
        if (bundles.Inline)
        {
            return await StoreTokensAsync(leased, leaseETag, stored, updated, eventType) switch
            {
                { } committed => new RefreshOutcome(RefreshResult.Refreshed, committed, tokens),
                null => new RefreshOutcome(RefreshResult.Gone, null, null),
            };
        }

        // 1. the secret (never cancelled: the provider may already have invalidated the old refresh token). A delete that
        // marked the row meanwhile reaps only after this lease plus the repair grace, so the write cannot resurrect a secret.
        try
        {
            leaseETag = await rotatedSecrets.WriteAsync(leased, leaseETag, stored);
        }
        catch (RequestFailedException e) when (!StorageRetry.IsTransient(e))
        {
            // Key Vault refuses to write a soft-deleted name: the delete won, and the repair revokes what it can read.
            if (await IsGoneAsync(leased.CredentialId))
            {
                return new RefreshOutcome(RefreshResult.Gone, null, null);
            }

            throw;
        }

        // 2. the due index entry (the secret names it), 3. the metadata (keeping the time it pointed at, so a delete finds both)
        await index.AddIfScheduledAsync(leased.CredentialId, next, CancellationToken.None);
        return await CommitRowAsync(leased, leaseETag, updated, eventType)
            ? new RefreshOutcome(RefreshResult.Refreshed, updated, tokens)
            : new RefreshOutcome(RefreshResult.Gone, null, null);
    }

    /// <summary>
    /// Stores a new token bundle for a leased row and writes <paramref name="updated"/> (its token state set already) in the order
    /// of the mode. The row as committed, or null when a delete won (its reaper then revokes these tokens).
    /// </summary>
    public virtual async Task<Credential?> StoreTokensAsync(Credential leased, ETag leaseETag, SecretBundle stored, Credential updated, string? eventType)
    {
        ArgumentNullException.ThrowIfNull(leased);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(updated);
        if (!bundles.Inline)
        {
            await bundles.StoreAsync(leased, stored, CancellationToken.None);
            await index.AddIfScheduledAsync(leased.CredentialId, updated.NextRefreshAt, CancellationToken.None);
            return await CommitRowAsync(leased, leaseETag, updated, eventType) ? updated : null;
        }

        Credential row;
        try
        {
            row = await bundles.SealIntoAsync(updated, stored, CancellationToken.None);
        }
        catch (BundleTooLargeException e)
        {
            return await RefuseTooLargeAsync(leased, leaseETag, stored, e);
        }

        await index.AddIfScheduledAsync(leased.CredentialId, updated.NextRefreshAt, CancellationToken.None);
        var written = await sealedRows.WriteAsync(leased, leaseETag, row, stored, eventType);
        if (written is null)
        {
            return null;
        }

        if (leased.Sealed is null && written.Sealed is not null)
        {
            // The bundle moved from the secret store into the row: the store's copy goes only now that the row holds it.
            await bundles.DeleteStoredAsync(leased, CancellationToken.None);
        }

        await MoveIndexEntryAsync(leased, written.NextRefreshAt);
        return written;
    }

    /// <summary>Records a failed token call on a leased row (backoff, or invalid when the grant is dead or retries ran out).</summary>
    public virtual async Task<RefreshOutcome> FailedAsync(Credential leased, ETag leaseETag, TokenEndpointResult result)
    {
        ArgumentNullException.ThrowIfNull(leased);
        ArgumentNullException.ThrowIfNull(result);
        var now = clock.GetUtcNow();
        Credential updated;
        RefreshResult kind;
        string? eventType = null;
        if (result.Failure == TokenFailure.DeadGrant)
        {
            updated = Invalidate(leased, "invalid_grant", now);
            kind = RefreshResult.Invalidated;
            eventType = WebhookEventTypes.CredentialInvalid;
        }
        else
        {
            if (result.Failure == TokenFailure.AuthConfig)
            {
                // A tenant-level problem (their OAuth app), not this end user's: one event per failure for operators and alerts.
                LogAuthConfigRejected(logger, leased.TenantId, leased.ConnectorId, leased.AuthConfigId ?? "none", leased.AuthConfigVersion ?? 0, result.Error ?? "invalid_client");
            }

            var (code, message) = result.Failure == TokenFailure.AuthConfig
                ? ("auth_config_error", $"The provider refused the OAuth app ({result.Error ?? "invalid_client"}); check the auth config.")
                : ("transient", $"The provider could not refresh the token ({result.Error ?? (result.StatusCode is { } s ? $"HTTP {s}" : "unreachable")}).");
            var error = RefreshSchedule.NextError(leased.RefreshError, code, message, now);
            if (RefreshSchedule.IsExhausted(error))
            {
                updated = Invalidate(leased, "refresh_exhausted", now);
                kind = RefreshResult.Invalidated;
                eventType = WebhookEventTypes.CredentialInvalid;
            }
            else
            {
                var next = now + RefreshSchedule.Backoff(error.Attempts, result.RetryAfter, Random.Shared);
                await index.AddAsync(leased.CredentialId, next, CancellationToken.None);
                updated = leased.Released() with { RefreshError = error, NextRefreshAt = next, PreviousRefreshAt = leased.NextRefreshAt, UpdatedAt = now };
                kind = RefreshResult.Failed;
            }
        }

        LogRefreshFailed(logger, leased.CredentialId, result.Failure?.ToString() ?? "unknown", result.Error ?? "none");
        if (!await CommitRowAsync(leased, leaseETag, updated, eventType))
        {
            return new RefreshOutcome(RefreshResult.Gone, null, null);
        }

        var retryAfter = updated.NextRefreshAt is { } at ? at - now : (TimeSpan?)null;
        return new RefreshOutcome(kind, updated, null, retryAfter);
    }

    /// <summary>
    /// A row behind its newer secret (KeyVault mode, or a row from before bundles moved into rows: a crash between the secret and
    /// the row): the row takes the secret's token state, without a provider call. In inline modes the bundle moves into the row.
    /// </summary>
    public virtual async Task RepairAsync(Credential credential, ETag etag, SecretBundle bundle, OAuth2Settings settings)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(bundle);
        var now = clock.GetUtcNow();
        var next = bundle.RefreshAt ?? RefreshSchedule.NextRefreshAt(settings, bundle.Tokens!.ExpiresAt, now, options.Value.RefreshWindow);
        await index.AddIfScheduledAsync(credential.CredentialId, next, CancellationToken.None);
        var repaired = credential.WithStoredTokens(bundle.Tokens!, bundle.Generation, next, now);
        if (bundles.Inline)
        {
            repaired = await bundles.SealIntoAsync(repaired, bundle, CancellationToken.None);
        }

        if (await credentials.TryReplaceAsync(repaired, etag, CancellationToken.None) is not null)
        {
            LogRepaired(logger, credential.CredentialId, bundle.Generation);
            if (bundles.Inline)
            {
                await bundles.DeleteStoredAsync(credential, CancellationToken.None);
            }

            await MoveIndexEntryAsync(credential, next);
        }
    }

    /// <summary>Gives the lease up without changing anything else.</summary>
    public virtual async Task ReleaseAsync(Credential leased, ETag leaseETag)
    {
        ArgumentNullException.ThrowIfNull(leased);
        await credentials.TryReplaceAsync(leased.Released(), leaseETag, CancellationToken.None);
    }

    /// <summary>True when the credential's row is gone or marked for deletion.</summary>
    public virtual async Task<bool> IsGoneAsync(string credentialId)
        => await credentials.GetAsync(credentialId, CancellationToken.None) is not { } found || found.Credential.Status == CredentialStatus.Deleting;

    private static Credential Invalidate(Credential leased, string reason, DateTimeOffset now) => leased.Released() with
    {
        Status = CredentialStatus.Invalid,
        StatusReason = reason,
        RefreshError = null,
        NextRefreshAt = null,
        PreviousRefreshAt = leased.NextRefreshAt,
        UpdatedAt = now,
    };

    // Tokens too large for a row (over SealedBundleLimit, never seen from a real provider): they cannot be kept, so they are
    // revoked and the credential becomes invalid (token_too_large); its end user must connect again.
    private async Task<Credential?> RefuseTooLargeAsync(Credential leased, ETag leaseETag, SecretBundle stored, BundleTooLargeException e)
    {
        LogTooLarge(logger, leased.CredentialId, e.BundleBytes);
        await revoker.RevokeAsync(leased, stored.Tokens, CancellationToken.None);
        var invalid = Invalidate(leased, "token_too_large", clock.GetUtcNow());
        return await CommitRowAsync(leased, leaseETag, invalid, WebhookEventTypes.CredentialInvalid) ? invalid : null;
    }

    // The row write that ends a leased run: committed (then the old due entry goes), or refused. Only a delete changes a
    // leased row; then the run lost (false), and the reaper revokes whatever tokens it stored (I4). Any other refusal leaves
    // the row behind its newer secret, which the next reader repairs.
    private async Task<bool> CommitRowAsync(Credential leased, ETag leaseETag, Credential updated, string? eventType)
    {
        if (await changes.ReplaceAsync(updated, leaseETag, eventType, CancellationToken.None) is not null)
        {
            await MoveIndexEntryAsync(leased, updated.NextRefreshAt);
            return true;
        }

        if (await IsGoneAsync(leased.CredentialId))
        {
            return false;
        }

        LogMetadataLagging(logger, leased.CredentialId);
        return true;
    }

    // After the row changed: the old entry's removal (the new one was written before the row, and the secret names it). A crash
    // before this leaves the old entry, at whose time the sweep finds the row pointing elsewhere; a delete removes both.
    private Task MoveIndexEntryAsync(Credential before, DateTimeOffset? next)
        => index.RemoveIfMovedAsync(before.CredentialId, before.NextRefreshAt, next, CancellationToken.None);

    [LoggerMessage(EventId = 4001, EventName = "AuthConfigRejected", Level = LogLevel.Error, Message = "Tenant {TenantId}: the provider rejected OAuth app {AuthConfigId} v{AuthConfigVersion} for {ConnectorId} ({Error}); credentials using it cannot refresh")]
    private static partial void LogAuthConfigRejected(ILogger logger, string tenantId, string connectorId, string authConfigId, int authConfigVersion, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh of {CredentialId} failed: {Failure} ({Error})")]
    private static partial void LogRefreshFailed(ILogger logger, string credentialId, string failure, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential {CredentialId} changed during its refresh; its metadata will be repaired from the newer secret by the next reader")]
    private static partial void LogMetadataLagging(ILogger logger, string credentialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Credential {CredentialId} metadata repaired from secret generation {Generation}")]
    private static partial void LogRepaired(ILogger logger, string credentialId, int generation);

    [LoggerMessage(EventId = 4004, EventName = "TokensTooLarge", Level = LogLevel.Error, Message = "Credential {CredentialId}: the provider returned tokens of {Bytes} bytes, over what a credential row holds; they were revoked and the credential is invalid (token_too_large)")]
    private static partial void LogTooLarge(ILogger logger, string credentialId, int bytes);
}
