using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Credentials.Core.Configuration;
using Credentials.Core.Tenancy;
using Credentials.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Webhooks;

/// <summary>
/// Delivers due outbox events: reads the due index by range, loads each outbox row, signs and POSTs it to the tenant's
/// current webhook URL, then removes the rows (2xx), disables the webhook (410 Gone), or reschedules with backoff until 24 h
/// after the event occurred. Delivery is at least once: receivers deduplicate by <c>webhook-id</c>.
/// </summary>
/// <remarks>
/// A 410 sets the tenant's <see cref="Tenant.WebhookDisabledAt"/> and keeps its URL, so <c>GET /settings</c> shows which URL
/// was disabled and when; no events are queued while it is set, and saving the settings (<c>PUT /settings</c>) clears it.
/// </remarks>
public sealed partial class WebhookDeliveryService(
    WebhookDeliveryStore store,
    TenantStore tenants,
    WebhookSecretService secrets,
    WebhookSender sender,
    TimeProvider clock,
    IOptions<CredentialsOptions> options,
    ILogger<WebhookDeliveryService> logger)
{
    /// <summary>Events in flight at once.</summary>
    public const int MaxParallelism = 8;

    /// <summary>An index row younger than this without its outbox row may belong to a transaction still in flight.</summary>
    public static readonly TimeSpan StaleGracePeriod = TimeSpan.FromMinutes(5);

    /// <summary>Events are given up this long after they occurred.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    /// <summary>
    /// Works through the events due at <paramref name="now"/>, starting no new one after <paramref name="budget"/> (what is
    /// left stays due for the next run).
    /// </summary>
    public async Task<WebhookDeliveryCounts> DeliverDueAsync(DateTimeOffset now, TimeSpan budget, CancellationToken cancellationToken)
    {
        var run = new Run(clock.GetTimestamp(), budget, now);
        await Parallel.ForEachAsync(
            DueRowsAsync(run, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism, CancellationToken = cancellationToken },
            async (row, token) =>
            {
                try
                {
                    await ProcessAsync(run, row, token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // One broken row must not stop the run; it stays due and is tried again next run.
                    LogRowFailed(logger, e, row.EventId);
                }
            });
        return run.Counts();
    }

    private async IAsyncEnumerable<WebhookIndexRow> DueRowsAsync(Run run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in store.ListDueAsync(run.Now, cancellationToken))
        {
            if (clock.GetElapsedTime(run.StartedAt) > run.Budget)
            {
                yield break;
            }

            yield return row;
        }
    }

    private async Task ProcessAsync(Run run, WebhookIndexRow row, CancellationToken cancellationToken)
    {
        var outbox = await store.GetOutboxAsync(row.CredentialId, row.EventId, cancellationToken);
        if (outbox is null)
        {
            // Delivered meanwhile, or the transaction that was to write the outbox row failed (or is still in flight).
            if (run.Now - row.WrittenAt >= StaleGracePeriod)
            {
                await store.DeleteIndexAsync(row.Shard, row.RowKey, cancellationToken);
                Interlocked.Increment(ref run.StaleRemoved);
            }

            return;
        }

        if (!string.Equals(WebhookDeliveryIndex.RowKey(outbox.NextAttemptAt, outbox.CredentialId, outbox.EventId), row.RowKey, StringComparison.Ordinal))
        {
            // The outbox row is the truth: it was rescheduled to another time, whose index row is the live one.
            await store.DeleteIndexAsync(row.Shard, row.RowKey, cancellationToken);
            Interlocked.Increment(ref run.StaleRemoved);
            return;
        }

        var target = await run.Targets.GetOrAdd(outbox.TenantId, id => new Lazy<Task<Target?>>(() => LoadTargetAsync(id, cancellationToken))).Value;
        if (target is null)
        {
            await RemoveAsync(row, outbox, cancellationToken);
            Interlocked.Increment(ref run.Discarded);
            return;
        }

        var attemptAt = clock.GetUtcNow();
        var result = await SendAsync(target, outbox, attemptAt, cancellationToken);
        switch (result.Outcome)
        {
            case WebhookSendOutcome.Delivered:
                await RemoveAsync(row, outbox, cancellationToken);
                Interlocked.Increment(ref run.Delivered);
                return;

            case WebhookSendOutcome.Gone:
                await DisableWebhookAsync(outbox.TenantId, target.Url, attemptAt, cancellationToken);
                run.Targets[outbox.TenantId] = new Lazy<Task<Target?>>(Task.FromResult<Target?>(null));
                await RemoveAsync(row, outbox, cancellationToken);
                LogDisabled(logger, outbox.TenantId, outbox.EventId, outbox.EventType);
                Interlocked.Increment(ref run.Disabled);
                return;

            default:
                await FailAsync(run, row, outbox, attemptAt, result, cancellationToken);
                return;
        }
    }

    private async Task<WebhookSendResult> SendAsync(Target target, WebhookOutboxRow outbox, DateTimeOffset attemptAt, CancellationToken cancellationToken)
    {
        if (target.Key is null)
        {
            // A URL without a secret: nothing to sign with until the tenant creates one (POST /settings/webhook-secret).
            return new WebhookSendResult(WebhookSendOutcome.Failed, null, "no signing secret");
        }

        if (UrlRules.Check(target.Url, options.Value.AllowInsecureLoopback) is not null || !Uri.TryCreate(target.Url, UriKind.Absolute, out var url))
        {
            return new WebhookSendResult(WebhookSendOutcome.Failed, null, "URL not allowed");
        }

        return await sender.SendAsync(url, target.Key, outbox.EventId, attemptAt, outbox.Body, cancellationToken);
    }

    private async Task FailAsync(Run run, WebhookIndexRow row, WebhookOutboxRow outbox, DateTimeOffset attemptAt, WebhookSendResult result, CancellationToken cancellationToken)
    {
        var deadline = outbox.OccurredAt + GiveUpAfter;
        if (attemptAt >= deadline)
        {
            await RemoveAsync(row, outbox, cancellationToken);
            LogGaveUp(logger, outbox.EventId, outbox.EventType);
            Interlocked.Increment(ref run.Failed);
            return;
        }

        var delay = WebhookBackoff.Delay(outbox.Attempts + 1, Random.Shared.NextDouble());
        var next = WebhookTimes.ToMilliseconds(attemptAt + delay < deadline ? attemptAt + delay : deadline);

        // New index row first, then the outbox row (the truth) with If-Match, then the old index row: a crash anywhere
        // leaves at most an index row the next run recognises as stale.
        await store.AddIndexAsync(outbox.CredentialId, outbox.EventId, next, attemptAt, cancellationToken);
        if (!await store.RescheduleOutboxAsync(outbox, attemptAt, next, cancellationToken))
        {
            // Another run got to this event first; the row just written is nobody's.
            await store.DeleteIndexAsync(row.Shard, WebhookDeliveryIndex.RowKey(next, outbox.CredentialId, outbox.EventId), cancellationToken);
            return;
        }

        await store.DeleteIndexAsync(row.Shard, row.RowKey, cancellationToken);
        LogRetry(logger, outbox.EventId, outbox.EventType, result.Reason, outbox.Attempts + 1, next);
        Interlocked.Increment(ref run.Retried);
    }

    private async Task RemoveAsync(WebhookIndexRow row, WebhookOutboxRow outbox, CancellationToken cancellationToken)
    {
        // Outbox row first: if the index delete is lost, the next run finds an index row without outbox and removes it.
        await store.DeleteOutboxAsync(outbox.CredentialId, outbox.EventId, cancellationToken);
        await store.DeleteIndexAsync(row.Shard, row.RowKey, cancellationToken);
    }

    private async Task<Target?> LoadTargetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var found = await tenants.GetTenantAsync(tenantId, cancellationToken);
        if (found is not { Tenant: { WebhookUrl: { } url, WebhookDisabledAt: null } })
        {
            return null;
        }

        var secret = await secrets.GetAsync(found.Value.Tenant, cancellationToken);
        return new Target(url, WebhookSecretFormat.TryDecodeKey(secret));
    }

    private async Task DisableWebhookAsync(string tenantId, string url, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var found = await tenants.GetTenantAsync(tenantId, cancellationToken);
            if (found is not { } current
                || !string.Equals(current.Tenant.WebhookUrl, url, StringComparison.Ordinal)
                || current.Tenant.WebhookDisabledAt is not null)
            {
                // Gone, already disabled, or the tenant set another URL meanwhile: that one has not said 410.
                return;
            }

            if (await tenants.UpdateTenantAsync(current.Tenant with { WebhookDisabledAt = at }, current.ETag, cancellationToken))
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {EventId} ({EventType}) given up 24 h after it occurred")]
    private static partial void LogGaveUp(ILogger logger, string eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of tenant {TenantId} answered 410 Gone to event {EventId} ({EventType}): webhook disabled")]
    private static partial void LogDisabled(ILogger logger, string tenantId, string eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook event {EventId} ({EventType}) failed ({Reason}), attempt {Attempts}; next at {NextAttemptAt:O}")]
    private static partial void LogRetry(ILogger logger, string eventId, string eventType, string reason, int attempts, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook event {EventId} could not be processed; it stays due")]
    private static partial void LogRowFailed(ILogger logger, Exception exception, string eventId);

    /// <summary>Where and with what key a tenant's events go, loaded once per run.</summary>
    private sealed record Target(string Url, byte[]? Key);

    private sealed class Run(long startedAt, TimeSpan budget, DateTimeOffset now)
    {
        public int Delivered;
        public int Retried;
        public int Failed;
        public int Disabled;
        public int Discarded;
        public int StaleRemoved;

        public long StartedAt { get; } = startedAt;
        public TimeSpan Budget { get; } = budget;
        public DateTimeOffset Now { get; } = now;
        public ConcurrentDictionary<string, Lazy<Task<Target?>>> Targets { get; } = new(StringComparer.Ordinal);

        public WebhookDeliveryCounts Counts() => new(Delivered, Retried, Failed, Disabled, Discarded, StaleRemoved);
    }
}
