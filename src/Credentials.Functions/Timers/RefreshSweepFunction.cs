using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.Idempotency;
using Credentials.Core.UseCases;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Credentials.Functions.Timers;

/// <summary>Refreshes tokens before they expire, on the <c>RefreshSchedule</c> app setting (default every 5 minutes).</summary>
public sealed class RefreshSweepFunction(RefreshSweepService sweep, IdempotentRequests idempotency, AuditStore audit, IOptions<CredentialsOptions> options, TimeProvider clock)
{
    /// <summary>
    /// One sweep; the service stops taking work before the next occurrence. Then expired idempotency records are deleted, and
    /// audit months past the retention are dropped.
    /// </summary>
    [Function("RefreshSweep")]
    public async Task RunAsync([TimerTrigger("%RefreshSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await sweep.RunAsync(cancellationToken);

        // On this timer rather than a new one: the cleanup reads only expired hours of the expiry index, so it is cheap.
        await idempotency.DeleteExpiredAsync(cancellationToken);

        // One listing of the audit tables; a month goes whole once its newest entry is past the retention.
        await audit.DeleteExpiredAsync(clock.GetUtcNow() - options.Value.Audit.Retention, cancellationToken);
    }
}
