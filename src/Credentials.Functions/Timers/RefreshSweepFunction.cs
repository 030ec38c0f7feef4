using Credentials.Core.Refresh;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Timers;

/// <summary>Refreshes tokens before they expire, on the <c>RefreshSchedule</c> app setting (default every 5 minutes).</summary>
public sealed class RefreshSweepFunction(RefreshSweepService sweep)
{
    /// <summary>One sweep; the service stops taking work before the next occurrence.</summary>
    [Function("RefreshSweep")]
    public Task RunAsync([TimerTrigger("%RefreshSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => sweep.RunAsync(cancellationToken);
}
