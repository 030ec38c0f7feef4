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
/// refresh. The token endpoint is called once per claim; <see cref="RefreshCommit"/> stores what it returned in the order of the
/// mode (KeyVault: secret, due index, row, so a reader that finds a newer secret generation repairs the row without calling the
/// provider again; inline modes: due index, then the row with the sealed tokens in one write).
/// </summary>
public class RefreshService(
    CredentialStore credentials,
    CredentialBundles bundles,
    ConnectorCatalog catalog,
    AuthConfigService authConfigs,
    TokenEndpointClient tokenEndpoint,
    RefreshCommit commit,
    IOptions<CredentialsOptions> options,
    TimeProvider clock)
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
                    await commit.RepairAsync(credential, etag, held, settings);
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
                await commit.RepairAsync(credential, etag, bundle, settings);
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
            // Inline modes keep the bundle in the row the claim was conditioned on, so nothing newer can exist.
            if (!bundles.Inline && credential.LeaseOwner is not null && credential.LeaseOwner != instance
                && (await ReadBundleAsync(credential))?.Generation != bundle.Generation)
            {
                await commit.ReleaseAsync(leased, leaseETag);
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
            return await commit.FailedAsync(leased, leaseETag, new TokenEndpointResult { Failure = TokenFailure.AuthConfig, Error = reason });
        }

        var endpoint = TokenEndpoint.For(catalog.Find(leased.ConnectorId)!, leased.Metadata);
        var result = await tokenEndpoint.RefreshAsync(settings, endpoint, config, bundle.Tokens, CancellationToken.None);
        if (result.IsSuccess)
        {
            return await commit.SucceededAsync(leased, leaseETag, bundle, result.Tokens!, settings);
        }

        if (result.LimitedBy is not null)
        {
            // Our own limit on this provider app refused to send the call: nothing failed at the provider, so no backoff and no
            // refresh error; the lease goes and the caller is told when to come back.
            await commit.ReleaseAsync(leased, leaseETag);
            return new RefreshOutcome(RefreshResult.CoolingDown, leased.Released(), bundle.Tokens, result.RetryAfter ?? TimeSpan.FromSeconds(1));
        }

        if (result.Failure == TokenFailure.DeadGrant)
        {
            // invalid_grant after someone else rotated the refresh token is a lost race, not a dead grant.
            var latest = await ReadLatestBundleAsync(leased);
            if (latest?.Tokens?.RefreshToken != bundle.Tokens.RefreshToken)
            {
                await commit.ReleaseAsync(leased, leaseETag);
                return null;
            }
        }

        return await commit.FailedAsync(leased, leaseETag, result);
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
            var updated = apply(leased.WithStoredTokens(tokens, stored.Generation, next, now));
            var recovered = credential.Status == CredentialStatus.Invalid || credential.RefreshError is not null;
            return await commit.StoreTokensAsync(leased, leaseETag, stored, updated, recovered ? WebhookEventTypes.CredentialRecovered : null);
        }

        throw new TimeoutException($"The credential {credentialId} stayed leased by another worker.");
    }

    private Task<SecretBundle?> ReadBundleAsync(Credential credential) => bundles.ReadAsync(credential, CancellationToken.None);

    // The newest bundle after a token call: in inline modes the row's (read again), else the secret store's.
    private async Task<SecretBundle?> ReadLatestBundleAsync(Credential leased)
        => !bundles.Inline ? await ReadBundleAsync(leased)
            : await credentials.GetAsync(leased.CredentialId, CancellationToken.None) is { } now ? await ReadBundleAsync(now.Credential) : null;
}
