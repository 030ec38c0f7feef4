using Credentials.TestSupport.Composition;

namespace Credentials.TestSupport.Crashes;

/// <summary>
/// Kills an operation at each of its storage calls in turn. First it runs the operation once on fresh state to count its
/// storage calls C; then, for every N in 1..C, on fresh state again: arrange, run the operation in a new process armed at N
/// (calls 1..N-1 reach storage, none after), stop that process, and let the test repair and check invariants. The crash points
/// are enumerated, never listed by hand: a storage call added to the operation is a new crash point on the next run.
/// </summary>
/// <remarks>
/// Fresh state is <see cref="ServiceDeployment.ResetStorageAsync"/>: the deployment's whole table account is wiped, so the
/// deployment needs an Azurite no concurrently running test uses. The clock is not reset (a fake clock cannot go back).
/// </remarks>
public sealed class CrashPointRunner(ServiceDeployment deployment, Action<string>? log = null)
{
    /// <summary>
    /// Runs <paramref name="operation"/> crashing at each of its storage calls. <paramref name="arrange"/> seeds fresh state (start
    /// and dispose processes of the deployment as needed) and returns what the operation and the check need;
    /// <paramref name="afterEachCrash"/> runs after the crashed process stopped (start fresh processes to repair and check).
    /// </summary>
    public async Task<CrashPointReport> RunAsync<TState>(
        string operationName,
        Func<ServiceDeployment, Task<TState>> arrange,
        Func<IServiceProvider, TState, Task> operation,
        Func<CrashPoint, TState, Task> afterEachCrash,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationName);
        ArgumentNullException.ThrowIfNull(arrange);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(afterEachCrash);

        // The counting run: the operation must succeed when nothing crashes.
        var counter = new CrashPolicy();
        var state = await ArrangeAsync(arrange, cancellationToken).ConfigureAwait(false);
        await using (var process = await StartWarmProcessAsync(counter, cancellationToken).ConfigureAwait(false))
        {
            counter.Restart();
            await operation(process.Services, state).ConfigureAwait(false);
        }

        var report = new CrashPointReport(operationName, counter.Calls);
        log?.Invoke(report.ToString());

        for (var n = 1; n <= report.CrashPoints; n++)
        {
            var point = new CrashPoint(n, report.CrashPoints, report.StorageCalls[n - 1]);
            state = await ArrangeAsync(arrange, cancellationToken).ConfigureAwait(false);
            var crashes = new CrashPolicy();
            Exception? failure = null;
            await using (var process = await StartWarmProcessAsync(crashes, cancellationToken).ConfigureAwait(false))
            {
                crashes.Arm(n);
                try
                {
                    await operation(process.Services, state).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // A killed process fails with whatever the crash turned into: any exception is the expected outcome.
                    failure = e;
                }
            }

            if (!crashes.HasCrashed)
            {
                throw new InvalidOperationException(
                    $"Operation {operationName} never reached {point}: it made {crashes.Count} storage calls this time"
                    + (failure is null ? " and succeeded" : $" and failed with {failure.GetType().Name}: {failure.Message}")
                    + ". Its storage calls must not depend on anything but the arranged state.",
                    failure);
            }

            log?.Invoke($"{operationName}: {point}: {(failure is null ? "the operation swallowed the crash" : failure.GetType().Name)}");
            await afterEachCrash(point, state).ConfigureAwait(false);
        }

        return report;
    }

    /// <summary>The same with state kept by the test itself (closures).</summary>
    public Task<CrashPointReport> RunAsync(
        string operationName,
        Func<ServiceDeployment, Task> arrange,
        Func<IServiceProvider, Task> operation,
        Func<Task> afterEachCrash,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arrange);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(afterEachCrash);
        return RunAsync(
            operationName,
            async d =>
            {
                await arrange(d).ConfigureAwait(false);
                return true;
            },
            (services, _) => operation(services),
            (_, _) => afterEachCrash(),
            cancellationToken);
    }

    private async Task<TState> ArrangeAsync<TState>(Func<ServiceDeployment, Task<TState>> arrange, CancellationToken cancellationToken)
    {
        await deployment.ResetStorageAsync(cancellationToken).ConfigureAwait(false);
        return await arrange(deployment).ConfigureAwait(false);
    }

    private async Task<ServiceProcess> StartWarmProcessAsync(CrashPolicy crashes, CancellationToken cancellationToken)
    {
        var process = deployment.StartProcess(crashes);
        try
        {
            await process.WarmUpAsync(cancellationToken).ConfigureAwait(false);
            return process;
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
