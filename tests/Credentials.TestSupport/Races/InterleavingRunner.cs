using Credentials.TestSupport.Composition;
using Credentials.TestSupport.Crashes;

namespace Credentials.TestSupport.Races;

/// <summary>
/// Forces a pair of operations into every interleaving at storage-call granularity: the first runs in a process paused before
/// its Nth storage call while the second runs to its end in another process, then the first continues; N goes over every call
/// of the first (counted in a solo run) and once past its end. A second operation that waits on the first (a lease) is let go
/// by releasing the first and moving the fake clock in small steps, bounded.
/// </summary>
public sealed class InterleavingRunner(ServiceDeployment deployment, Action<string>? log = null)
{
    private static readonly TimeSpan SecondAloneFor = TimeSpan.FromSeconds(5);

    /// <summary>Runs every interleaving of <paramref name="first"/> and <paramref name="second"/>; returns how many there were.</summary>
    public async Task<int> RunAsync<TState>(
        string pairName,
        Func<ServiceDeployment, Task<TState>> arrange,
        Func<IServiceProvider, TState, Task<object?>> first,
        Func<IServiceProvider, TState, Task<object?>> second,
        Func<Interleaving, TState, OperationOutcome, OperationOutcome, Task> afterEach)
    {
        ArgumentNullException.ThrowIfNull(arrange);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(afterEach);

        var counter = new CrashPolicy();
        await deployment.ResetStorageAsync().ConfigureAwait(false);
        var solo = await arrange(deployment).ConfigureAwait(false);
        await using (var process = await WarmAsync(counter).ConfigureAwait(false))
        {
            counter.Restart();
            await first(process.Services, solo).ConfigureAwait(false);
        }

        var calls = counter.Calls;
        for (var n = 1; n <= calls.Count + 1; n++)
        {
            var interleaving = new Interleaving(n, calls.Count, n <= calls.Count ? calls[n - 1] : string.Empty);
            await deployment.ResetStorageAsync().ConfigureAwait(false);
            var state = await arrange(deployment).ConfigureAwait(false);
            var pause = new PausePolicy(n);
            await using var processA = await WarmAsync(pause).ConfigureAwait(false);
            await using var processB = await WarmAsync(null).ConfigureAwait(false);
            pause.Start();

            var a = OperationOutcome.OfAsync(() => first(processA.Services, state));
            await Task.WhenAny(pause.Reached, a).ConfigureAwait(false);
            var b = OperationOutcome.OfAsync(() => second(processB.Services, state));
            if (await Task.WhenAny(b, Task.Delay(SecondAloneFor)).ConfigureAwait(false) != b)
            {
                // The second waits for the first (its lease): let the first go and let fake time pass until both end.
                pause.Release();
                for (var step = 0; step < 3000 && !(a.IsCompleted && b.IsCompleted); step++)
                {
                    deployment.Clock.Advance(TimeSpan.FromMilliseconds(100));
                    await Task.Delay(5).ConfigureAwait(false);
                }
            }

            pause.Release();
            var outcomeB = await b.ConfigureAwait(false);
            var outcomeA = await a.ConfigureAwait(false);
            log?.Invoke($"{pairName} {interleaving}: first {outcomeA}; second {outcomeB}");
            await afterEach(interleaving, state, outcomeA, outcomeB).ConfigureAwait(false);
        }

        return calls.Count + 1;
    }

    private async Task<ServiceProcess> WarmAsync(Azure.Core.Pipeline.HttpPipelinePolicy? policy)
    {
        var process = deployment.StartProcess(policy);
        await process.WarmUpAsync().ConfigureAwait(false);
        return process;
    }
}
