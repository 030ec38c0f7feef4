using Credentials.Core.Webhooks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Credentials.Functions.Timers;

/// <summary>Delivers due webhook events on <c>%WebhookSchedule%</c>.</summary>
public sealed partial class DeliverWebhooksFunction(WebhookDeliveryService deliveries, TimeProvider clock, ILogger<DeliverWebhooksFunction> logger)
{
    /// <summary>No new event starts after this, well before the next run (every minute by default); the rest stays due.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);

    /// <summary>One delivery run, logged as one summary line.</summary>
    [Function("DeliverWebhooks")]
    public async Task RunAsync([TimerTrigger("%WebhookSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var counts = await deliveries.DeliverDueAsync(clock.GetUtcNow(), Budget, cancellationToken);
        LogSummary(logger, counts.Delivered, counts.Retried, counts.Failed, counts.Disabled, counts.Discarded, counts.StaleRemoved, timer.IsPastDue);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhooks: {Delivered} delivered, {Retried} retried, {Failed} given up, {Disabled} disabled by 410, {Discarded} discarded, {StaleRemoved} stale index rows removed (past due: {IsPastDue})")]
    private static partial void LogSummary(ILogger logger, int delivered, int retried, int failed, int disabled, int discarded, int staleRemoved, bool isPastDue);
}
