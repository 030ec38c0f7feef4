using Azure;
using Credentials.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Credentials.Core.Idempotency;

/// <summary>
/// Runs a create at most once per tenant and <c>Idempotency-Key</c>: a retry of the same request gets the first answer again, a
/// different request with a used key is refused (422), and a retry while the first is still running is told to wait (409).
/// Only successes are kept: a 4xx or 5xx answer (or an exception) changed nothing the client can see, so the key is released
/// and a corrected or later retry runs again.
/// </summary>
public partial class IdempotentRequests(IdempotencyStore store, TimeProvider clock, ILogger<IdempotentRequests> logger)
{
    // A claim lost to a concurrent request is re-read and answered like that request; a few rounds settle any race.
    private const int MaxClaimRounds = 3;

    /// <summary>
    /// How long an attempt may stay in progress before the next request with its key takes it over, presuming its process died.
    /// Longer than a create can run: Azure's front end drops an HTTP request after 230 s, which cancels the handler.
    /// </summary>
    public static TimeSpan AbandonedAfter { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Answers from the record of <paramref name="key"/> when it holds a success for the same <paramref name="fingerprint"/>;
    /// otherwise claims the key, runs <paramref name="handle"/> once and keeps its answer when it is a success.
    /// </summary>
    public virtual async Task<IdempotentOutcome> RunAsync(string tenantId, IdempotencyKey key, string fingerprint, Func<Task<StoredResponse>> handle, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(handle);

        var (claimed, etag, replay) = await ClaimAsync(tenantId, key.StorageId(tenantId), fingerprint, cancellationToken);
        if (replay is not null)
        {
            return new IdempotentOutcome(replay, Replayed: true);
        }

        StoredResponse response;
        try
        {
            response = await handle();
        }
        catch
        {
            await ReleaseAsync(claimed!, etag);
            throw;
        }

        if (response.IsSuccess)
        {
            await CompleteAsync(claimed! with { State = IdempotencyState.Completed, Response = response }, etag);
        }
        else
        {
            await ReleaseAsync(claimed!, etag);
        }

        return new IdempotentOutcome(response, Replayed: false);
    }

    /// <summary>Deletes the records that expired before the current hour (see <see cref="IdempotencyStore.DeleteExpiredAsync"/>).</summary>
    public virtual async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        var removed = await store.DeleteExpiredAsync(clock.GetUtcNow(), cancellationToken);
        LogCleaned(logger, removed);
        return removed;
    }

    private async Task<(IdempotencyRecord? Claimed, ETag ETag, StoredResponse? Replay)> ClaimAsync(string tenantId, string keyHash, string fingerprint, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxClaimRounds; round++)
        {
            var now = clock.GetUtcNow();
            ETag? replacing = null;
            if (await store.GetAsync(tenantId, keyHash, cancellationToken) is { } found)
            {
                var record = found.Record;
                if (!record.IsExpiredAt(now))
                {
                    if (!string.Equals(record.Fingerprint, fingerprint, StringComparison.Ordinal))
                    {
                        throw new ServiceException(ErrorCodes.IdempotencyKeyReused, $"This {IdempotencyKey.HeaderName} was used with a different request in the last 24 hours; send a new key with a new request.");
                    }

                    if (record is { State: IdempotencyState.Completed, Response: { } stored })
                    {
                        return (null, default, stored);
                    }

                    if (now - record.CreatedAt < AbandonedAfter)
                    {
                        throw InProgress();
                    }

                    LogTakingOver(logger, tenantId);
                }

                replacing = found.ETag;
            }

            var claim = new IdempotencyRecord(tenantId, keyHash, fingerprint, IdempotencyState.InProgress, now, Response: null);
            if (await store.TryClaimAsync(claim, replacing, cancellationToken) is { } etag)
            {
                return (claim, etag, null);
            }
        }

        throw InProgress();
    }

    private async Task CompleteAsync(IdempotencyRecord completed, ETag etag)
    {
        try
        {
            // Not the caller's token: the resource exists now, and a client that timed out (the reason for the key) has gone away.
            if (!await store.TryReplaceAsync(completed, etag, CancellationToken.None))
            {
                LogCompletionLost(logger, completed.TenantId);
            }
        }
        catch (Exception e) when (e is RequestFailedException or ArgumentException)
        {
            // Storage failed, or the body is beyond IdempotencyStore.MaxBodyBytes. The resource exists, so the success is still the
            // answer; a retry meets the key in progress until it is abandoned.
            LogCompletionFailed(logger, e, completed.TenantId);
        }
    }

    private async Task ReleaseAsync(IdempotencyRecord claimed, ETag etag)
    {
        try
        {
            // Not the caller's token either: a key left in progress would answer 409 to every retry until it is abandoned.
            await store.TryDeleteAsync(claimed.TenantId, claimed.KeyHash, etag, CancellationToken.None);
        }
        catch (RequestFailedException e)
        {
            // The handler's own failure is the answer; a key left behind is taken over after AbandonedAfter.
            LogReleaseFailed(logger, e, claimed.TenantId);
        }
    }

    private static ServiceException InProgress()
        => new(ErrorCodes.Conflict, $"A request with this {IdempotencyKey.HeaderName} is still in progress; retry shortly.") { RetryAfter = TimeSpan.FromSeconds(1) };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency: taking over an attempt of tenant {TenantId} that stayed in progress past the abandon time")]
    private static partial void LogTakingOver(ILogger logger, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency: the answer of a request of tenant {TenantId} was not stored; its key was taken over meanwhile")]
    private static partial void LogCompletionLost(ILogger logger, string tenantId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Idempotency: the answer of a request of tenant {TenantId} could not be stored; a retry may run it again after the abandon time")]
    private static partial void LogCompletionFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency: releasing the key of a failed request of tenant {TenantId} failed; it is taken over after the abandon time")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency: deleted {Removed} expired records")]
    private static partial void LogCleaned(ILogger logger, int removed);
}
