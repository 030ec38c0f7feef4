using System.Collections.Concurrent;
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
/// Refreshes OAuth tokens for the sweep and for callers alike (docs/consistency.md, I6). Across processes a lease on the
/// credential row (claimed with If-Match) lets one worker call the provider; within a process concurrent callers share one
/// refresh. The token endpoint is called once per claim. Writes go secret, then due index, then metadata, so a crash never
/// loses tokens: a reader that finds a newer secret generation repairs the metadata without calling the provider again.
/// </summary>
public partial class RefreshService(
    CredentialStore credentials,
    ISecretStore secrets,
    RefreshIndexStore index,
    ConnectorCatalog catalog,
    AuthConfigService authConfigs,
    TokenEndpointClient tokenEndpoint,
    CredentialWriter changes,
    IOptions<CredentialsOptions> options,
    TimeProvider clock,
    ILogger<RefreshService> logger)
{
    /// <summary>How long a claimed lease keeps other workers away.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan LeasePoll = TimeSpan.FromMilliseconds(100);
    private readonly string instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, Lazy<Task<RefreshOutcome>>> inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Refreshes the credential if <paramref name="mode"/> says it is due. In this process there is one run per credential at a
    /// time: a caller that finds one joins it and takes its result when that run refreshed (the newest token) or ended the
    /// credential, or when it found the token fresh and the caller would not have refreshed either; otherwise (say, a forced
    /// refresh joining a read that found the token fresh) it runs next. Across processes the lease does the same (a caller that
    /// finds another worker's lease waits for its result). The sweep passes the due time of its index entry as
    /// <paramref name="scheduledAt"/>: when the credential row no longer points at it, the entry is stale and nothing else is read.
    /// </summary>
    public virtual Task<RefreshOutcome> RefreshAsync(string credentialId, RefreshMode mode, DateTimeOffset? scheduledAt = null, CancellationToken cancellationToken = default)
        => RefreshAsync(credentialId, mode, scheduledAt, known: null, cancellationToken);

    /// <summary>
    /// Like <see cref="RefreshAsync(string, RefreshMode, DateTimeOffset?, CancellationToken)"/> for a caller that has just read the
    /// row (a token read checks the tenant on it): the run starts from that row instead of reading it again.
    /// </summary>
    public virtual Task<RefreshOutcome> RefreshAsync(Credential credential, ETag etag, RefreshMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return RefreshAsync(credential.CredentialId, mode, scheduledAt: null, (credential, etag), cancellationToken);
    }

    private async Task<RefreshOutcome> RefreshAsync(string credentialId, RefreshMode mode, DateTimeOffset? scheduledAt, (Credential, ETag)? known, CancellationToken cancellationToken)
    {
        while (true)
        {
            var mine = new Lazy<Task<RefreshOutcome>>(() => RunAsync(credentialId, mode, scheduledAt, known));
            var running = inFlight.GetOrAdd(credentialId, mine);
            if (ReferenceEquals(running, mine))
            {
                // Removed when it ends, whoever waits for it (a caller that gives up does not leave it behind).
                _ = mine.Value.ContinueWith(_ => inFlight.TryRemove(KeyValuePair.Create(credentialId, mine)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            // One caller giving up must not cancel the refresh the others wait for.
            var outcome = await running.Value.WaitAsync(cancellationToken);
            if (ReferenceEquals(running, mine) || Satisfies(outcome, mode))
            {
                return outcome;
            }

            // The run joined did not answer this caller: run next (after its entry is gone), from a fresh read.
            known = null;
            await Task.Yield();
        }
    }

    // Whether a run someone else started answers this caller too.
    private static bool Satisfies(RefreshOutcome joined, RefreshMode mode) => joined.Result switch
    {
        RefreshResult.Refreshed or RefreshResult.Invalidated or RefreshResult.Gone or RefreshResult.Failed => true,
        RefreshResult.CoolingDown => mode == RefreshMode.Force,
        RefreshResult.Fresh => mode == RefreshMode.IfExpiring,
        _ => false,
    };

    private async Task<RefreshOutcome> RunAsync(string credentialId, RefreshMode mode, DateTimeOffset? scheduledAt, (Credential Credential, ETag ETag)? known)
    {
        var deadline = clock.GetUtcNow() + LeaseDuration + LeaseDuration;
        int? waitedForGeneration = null;
        while (clock.GetUtcNow() < deadline)
        {
            var found = known ?? await credentials.GetAsync(credentialId, CancellationToken.None);
            known = null;
            if (found is { Credential.Status: CredentialStatus.Deleting } deleting)
            {
                return new RefreshOutcome(RefreshResult.Gone, deleting.Credential, null) { ETag = deleting.ETag };
            }

            if (scheduledAt is { } due && (found?.Credential.NextRefreshAt is not { } next || Math.Abs((next - due).TotalMilliseconds) >= 1))
            {
                return new RefreshOutcome(RefreshResult.Stale, found?.Credential, null);
            }

            if (found is null)
            {
                return new RefreshOutcome(RefreshResult.Gone, null, null);
            }

            if (found is not { } hit || hit.Credential.AuthenticationType != AuthenticationTypes.OAuth2 || hit.Credential.Status == CredentialStatus.Invalid
                || catalog.Find(hit.Credential.ConnectorId)?.OAuth2 is not { } settings)
            {
                return new RefreshOutcome(RefreshResult.Skipped, found?.Credential, null);
            }

            var (credential, etag) = hit;
            var now = clock.GetUtcNow();
            if (waitedForGeneration is { } seen && credential.SecretGeneration > seen)
            {
                // Another worker refreshed while we waited for its lease: use its result.
                return new RefreshOutcome(RefreshResult.Fresh, credential, (await ReadBundleAsync(credential))?.Tokens);
            }

            // A live lease of another worker: the secret is read once (its holder may have crashed after storing new tokens,
            // which a repair finishes at once); after that, waiting polls the row alone.
            if (credential.LeaseUntil > now && credential.LeaseOwner != instance)
            {
                var held = waitedForGeneration is null ? await ReadBundleAsync(credential) : null;
                if (held is not null && held.Generation > credential.SecretGeneration)
                {
                    await RepairAsync(credential, etag, held, settings);
                    continue;
                }

                if (!IsDue(credential, held?.Tokens?.ExpiresAt ?? credential.ExpiresAt, mode, now, out _))
                {
                    return new RefreshOutcome(RefreshResult.Fresh, credential, (held ?? await ReadBundleAsync(credential))?.Tokens);
                }

                waitedForGeneration ??= credential.SecretGeneration;
                await Task.Delay(LeasePoll, clock);
                continue;
            }

            var bundle = await ReadBundleAsync(credential);
            if (bundle?.Tokens is null)
            {
                return new RefreshOutcome(RefreshResult.Skipped, credential, null);
            }

            if (bundle.Generation > credential.SecretGeneration)
            {
                // A refresh stored its secret but not its metadata (crash in between): repair, no provider call.
                await RepairAsync(credential, etag, bundle, settings);
                continue;
            }

            if (!IsDue(credential, bundle.Tokens.ExpiresAt ?? credential.ExpiresAt, mode, now, out var cooldown))
            {
                return cooldown is { } wait
                    ? new RefreshOutcome(RefreshResult.CoolingDown, credential, bundle.Tokens, wait)
                    : new RefreshOutcome(RefreshResult.Fresh, credential, bundle.Tokens);
            }

            var leased = credential with { LeaseUntil = now + LeaseDuration, LeaseOwner = instance };
            if (await credentials.TryReplaceAsync(leased, etag, CancellationToken.None) is not { } leaseETag)
            {
                waitedForGeneration ??= credential.SecretGeneration;
                continue;
            }

            // The If-Match claim proves the row did not change since it was read. Only a worker whose lease expired while it
            // was still running could have stored a newer secret meanwhile: re-read just in that case.
            if (credential.LeaseOwner is not null && credential.LeaseOwner != instance
                && (await ReadBundleAsync(credential))?.Generation != bundle.Generation)
            {
                await ReleaseAsync(leased, leaseETag);
                waitedForGeneration ??= credential.SecretGeneration;
                continue;
            }

            var outcome = await CallProviderAsync(leased, leaseETag, bundle, settings);
            if (outcome is not null)
            {
                return outcome;
            }
        }

        throw new TimeoutException($"The refresh of {credentialId} did not settle.");
    }

    private bool IsDue(Credential credential, DateTimeOffset? expiresAt, RefreshMode mode, DateTimeOffset now, out TimeSpan? cooldown)
    {
        cooldown = null;
        switch (mode)
        {
            case RefreshMode.Scheduled:
                return credential.NextRefreshAt is { } next && next <= now;
            case RefreshMode.IfExpiring:
                if (expiresAt is not { } expiry || expiry - RefreshSchedule.EffectiveWindow(options.Value.RefreshWindow, credential.LastRefreshedAt, expiry) > now)
                {
                    return false;
                }

                // While refreshes fail, callers wait for the backoff instead of hammering the provider.
                return credential.RefreshError is null || credential.NextRefreshAt is null || credential.NextRefreshAt <= now;
            default:
                if (credential.RefreshError is { } error && error.LastAttemptAt + options.Value.ForcedRefreshCooldown > now)
                {
                    cooldown = error.LastAttemptAt + options.Value.ForcedRefreshCooldown - now;
                    return false;
                }

                // A refresh that just succeeded (this caller's burst, or another worker's) already gave the newest token.
                return credential.RefreshError is not null || credential.LastRefreshedAt is not { } last || now - last >= options.Value.ForcedRefreshReuse;
        }
    }

    private async Task<RefreshOutcome?> CallProviderAsync(Credential leased, ETag leaseETag, SecretBundle bundle, OAuth2Settings settings)
    {
        var config = leased.AuthConfigId is null
            ? null
            : await authConfigs.ResolveAsync(leased.TenantId, leased.ConnectorId, leased.AuthConfigId, leased.AuthConfigVersion ?? 0, CancellationToken.None);
        if (config is null || bundle.Tokens!.RefreshToken is null)
        {
            var reason = config is null ? "The OAuth app that issued this credential is no longer configured." : "The provider issued no refresh token.";
            return await CommitFailureAsync(leased, leaseETag, new TokenEndpointResult { Failure = TokenFailure.AuthConfig, Error = reason }, settings);
        }

        var endpoint = TokenEndpoint.For(catalog.Find(leased.ConnectorId)!, leased.Metadata);
        var result = await tokenEndpoint.RefreshAsync(settings, endpoint, config, bundle.Tokens, CancellationToken.None);
        if (result.IsSuccess)
        {
            return await CommitSuccessAsync(leased, leaseETag, bundle, result.Tokens!, settings);
        }

        if (result.LimitedBy is not null)
        {
            // Our own limit on this provider app refused to send the call: nothing failed at the provider, so no backoff and no
            // refresh error; the lease goes and the caller is told when to come back.
            await ReleaseAsync(leased, leaseETag);
            return new RefreshOutcome(RefreshResult.CoolingDown, leased.Released(), bundle.Tokens, result.RetryAfter ?? TimeSpan.FromSeconds(1));
        }

        if (result.Failure == TokenFailure.DeadGrant)
        {
            // invalid_grant after someone else rotated the refresh token is a lost race, not a dead grant.
            var latest = await ReadBundleAsync(leased);
            if (latest?.Tokens?.RefreshToken != bundle.Tokens.RefreshToken)
            {
                await ReleaseAsync(leased, leaseETag);
                return null;
            }
        }

        return await CommitFailureAsync(leased, leaseETag, result, settings);
    }

    private async Task<RefreshOutcome> CommitSuccessAsync(Credential leased, ETag leaseETag, SecretBundle bundle, OAuthTokens tokens, OAuth2Settings settings)
    {
        var now = clock.GetUtcNow();
        var next = RefreshSchedule.NextRefreshAt(settings, tokens.ExpiresAt, now, options.Value.RefreshWindow);
        var stored = bundle with { Generation = bundle.Generation + 1, Tokens = tokens, RefreshAt = next };

        // 1. the secret (never cancelled: the provider may already have invalidated the old refresh token). A delete that
        // marked the row meanwhile reaps only after this lease plus the repair grace, so the write cannot resurrect a secret.
        try
        {
            leaseETag = await StoreRotatedSecretAsync(leased, leaseETag, stored);
        }
        catch (Azure.RequestFailedException e) when (!IsTransient(e))
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
        var updated = leased.WithStoredTokens(tokens, stored.Generation, next, now);
        return await CommitRowAsync(leased, leaseETag, updated, leased.RefreshError is null ? null : WebhookEventTypes.CredentialRecovered)
            ? new RefreshOutcome(RefreshResult.Refreshed, updated, tokens)
            : new RefreshOutcome(RefreshResult.Gone, null, null);
    }

    /// <summary>How long a refresh keeps retrying the write of tokens it already received while the secret store refuses (throttling, outage).</summary>
    public static readonly TimeSpan SecretWritePatience = TimeSpan.FromMinutes(5);

    // The provider answered: with rotation the old refresh token is now dead, so these tokens exist nowhere else. A throttled
    // or failing store (Key Vault answers 429 per vault per 10 s) is retried as it asks (Retry-After), for up to
    // SecretWritePatience, extending the lease before it runs out so no other worker refreshes (and spends the dead refresh token)
    // meanwhile. Only a store down for longer loses them, which is logged (event 4003).
    private async Task<ETag> StoreRotatedSecretAsync(Credential leased, ETag leaseETag, SecretBundle stored)
    {
        var giveUpAt = clock.GetUtcNow() + SecretWritePatience;
        var leaseUntil = leased.LeaseUntil ?? clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await secrets.SetAsync(leased.SecretAddress, stored.ToBytes(), CancellationToken.None);
                return leaseETag;
            }
            catch (Azure.RequestFailedException e) when (IsTransient(e) && clock.GetUtcNow() < giveUpAt)
            {
                var wait = RetryAfter(e) ?? TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(attempt, 5)));
                LogSecretWriteRetry(logger, leased.CredentialId, e.Status, wait);
                if (clock.GetUtcNow() + wait + LeaseMargin > leaseUntil)
                {
                    // Keep the lease: a refused extension means a delete marked the row, which waits for this lease plus the
                    // repair grace before it reaps, so the write is still worth finishing within that.
                    leaseUntil = clock.GetUtcNow() + LeaseDuration;
                    if (await credentials.TryReplaceAsync(leased with { LeaseUntil = leaseUntil }, leaseETag, CancellationToken.None) is { } extended)
                    {
                        leaseETag = extended;
                    }
                }

                await Task.Delay(wait, clock);
            }
            catch (Azure.RequestFailedException e) when (IsTransient(e))
            {
                LogRotatedTokensLost(logger, e, leased.CredentialId);
                throw;
            }
        }
    }

    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(10);

    private static bool IsTransient(Azure.RequestFailedException e) => e.Status is 0 or 408 or 429 or >= 500;

    private static TimeSpan? RetryAfter(Azure.RequestFailedException e)
        => e.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out var value)
            && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 60))
            : null;

    private async Task<RefreshOutcome> CommitFailureAsync(Credential leased, ETag leaseETag, TokenEndpointResult result, OAuth2Settings settings)
    {
        var now = clock.GetUtcNow();
        _ = settings;
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

    private static Credential Invalidate(Credential leased, string reason, DateTimeOffset now) => leased.Released() with
    {
        Status = CredentialStatus.Invalid,
        StatusReason = reason,
        RefreshError = null,
        NextRefreshAt = null,
        PreviousRefreshAt = leased.NextRefreshAt,
        UpdatedAt = now,
    };

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

    private async Task RepairAsync(Credential credential, ETag etag, SecretBundle bundle, OAuth2Settings settings)
    {
        var now = clock.GetUtcNow();
        var next = bundle.RefreshAt ?? RefreshSchedule.NextRefreshAt(settings, bundle.Tokens!.ExpiresAt, now, options.Value.RefreshWindow);
        await index.AddIfScheduledAsync(credential.CredentialId, next, CancellationToken.None);
        var repaired = credential.WithStoredTokens(bundle.Tokens!, bundle.Generation, next, now);
        if (await credentials.TryReplaceAsync(repaired, etag, CancellationToken.None) is not null)
        {
            LogRepaired(logger, credential.CredentialId, bundle.Generation);
            await MoveIndexEntryAsync(credential, next);
        }
    }

    /// <summary>
    /// Stores the tokens of a new authorization of an existing credential (reauthorize) under the same lease a refresh takes,
    /// so the two never interleave their secret and row writes: waits for another worker's lease, claims it, writes the next
    /// secret generation, the due-index entry, then the row (its token state as a refresh sets it, then what
    /// <paramref name="apply"/> changes, with <c>credential.recovered</c> when it was failing). Null when the credential is gone
    /// or being deleted.
    /// </summary>
    public virtual async Task<Credential?> ReplaceTokensAsync(string credentialId, OAuthTokens tokens, Func<Credential, Credential> apply)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(apply);
        var deadline = clock.GetUtcNow() + LeaseDuration + LeaseDuration;
        while (clock.GetUtcNow() < deadline)
        {
            if (await credentials.GetAsync(credentialId, CancellationToken.None) is not { } found || found.Credential.Status == CredentialStatus.Deleting
                || catalog.Find(found.Credential.ConnectorId)?.OAuth2 is not { } settings)
            {
                return null;
            }

            var (credential, etag) = found;
            var now = clock.GetUtcNow();
            if (credential.LeaseUntil > now && credential.LeaseOwner != instance)
            {
                await Task.Delay(LeasePoll, clock);
                continue;
            }

            var leased = credential with { LeaseUntil = now + LeaseDuration, LeaseOwner = instance };
            if (await credentials.TryReplaceAsync(leased, etag, CancellationToken.None) is not { } leaseETag)
            {
                continue;
            }

            var previous = await ReadBundleAsync(credential);
            var next = RefreshSchedule.NextRefreshAt(settings, tokens.ExpiresAt, now, options.Value.RefreshWindow);
            var stored = new SecretBundle { Generation = Math.Max(previous?.Generation ?? 0, credential.SecretGeneration) + 1, Tokens = tokens, RefreshAt = next };
            await secrets.SetAsync(credential.SecretAddress, stored.ToBytes(), CancellationToken.None);
            await index.AddIfScheduledAsync(credentialId, next, CancellationToken.None);
            var updated = apply(leased.WithStoredTokens(tokens, stored.Generation, next, now));
            var recovered = credential.Status == CredentialStatus.Invalid || credential.RefreshError is not null;
            return await CommitRowAsync(leased, leaseETag, updated, recovered ? WebhookEventTypes.CredentialRecovered : null) ? updated : null;
        }

        throw new TimeoutException($"The credential {credentialId} stayed leased by another worker.");
    }

    private async Task<bool> IsGoneAsync(string credentialId)
        => await credentials.GetAsync(credentialId, CancellationToken.None) is not { } found || found.Credential.Status == CredentialStatus.Deleting;

    private async Task ReleaseAsync(Credential leased, ETag leaseETag)
        => await credentials.TryReplaceAsync(leased.Released(), leaseETag, CancellationToken.None);

    // After the row changed: the old entry's removal (the new one was written before the row, and the secret names it). A crash
    // before this leaves the old entry, at whose time the sweep finds the row pointing elsewhere; a delete removes both.
    private Task MoveIndexEntryAsync(Credential before, DateTimeOffset? next)
        => index.RemoveIfMovedAsync(before.CredentialId, before.NextRefreshAt, next, CancellationToken.None);

    private async Task<SecretBundle?> ReadBundleAsync(Credential credential)
    {
        var bytes = await secrets.GetAsync(credential.SecretAddress, CancellationToken.None);
        return bytes is null ? null : SecretBundle.FromBytes(bytes);
    }

    [LoggerMessage(EventId = 4001, EventName = "AuthConfigRejected", Level = LogLevel.Error, Message = "Tenant {TenantId}: the provider rejected OAuth app {AuthConfigId} v{AuthConfigVersion} for {ConnectorId} ({Error}); credentials using it cannot refresh")]
    private static partial void LogAuthConfigRejected(ILogger logger, string tenantId, string connectorId, string authConfigId, int authConfigVersion, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential {CredentialId}: the secret store refused the refreshed tokens ({Status}); retrying in {Wait}")]
    private static partial void LogSecretWriteRetry(ILogger logger, string credentialId, int status, TimeSpan wait);

    [LoggerMessage(EventId = 4003, EventName = "RotatedTokensLost", Level = LogLevel.Critical, Message = "Credential {CredentialId}: the secret store refused the refreshed tokens for too long; if the provider rotates refresh tokens the end user must connect again")]
    private static partial void LogRotatedTokensLost(ILogger logger, Exception exception, string credentialId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh of {CredentialId} failed: {Failure} ({Error})")]
    private static partial void LogRefreshFailed(ILogger logger, string credentialId, string failure, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential {CredentialId} changed during its refresh; its metadata will be repaired from the newer secret by the next reader")]
    private static partial void LogMetadataLagging(ILogger logger, string credentialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Credential {CredentialId} metadata repaired from secret generation {Generation}")]
    private static partial void LogRepaired(ILogger logger, string credentialId, int generation);
}
