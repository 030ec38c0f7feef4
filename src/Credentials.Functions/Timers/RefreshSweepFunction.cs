using Credentials.Core.Idempotency;
using Credentials.Core.UseCases;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Timers;

/// <summary>Refreshes tokens before they expire, on the <c>RefreshSchedule</c> app setting (default every 5 minutes).</summary>
public sealed class RefreshSweepFunction(RefreshSweepService sweep, IdempotentRequests idempotency)
{
    /// <summary>One sweep; the service stops taking work before the next occurrence. Then expired idempotency records are deleted.</summary>
    [Function("RefreshSweep")]
    public async Task RunAsync([TimerTrigger("%RefreshSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await sweep.RunAsync(cancellationToken);

        // On this timer rather than a new one: the cleanup reads only expired hours of the expiry index, so it is cheap.
        await idempotency.DeleteExpiredAsync(cancellationToken);
    }
}
