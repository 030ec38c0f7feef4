namespace Credentials.EndToEndTests.Consistency;

/// <summary>Lets the load's workers wait while DevServer is down instead of spinning on refused connections.</summary>
public sealed class ServiceGate
{
    private readonly Lock sync = new();
    private TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the service is up (at once if it is).</summary>
    public Task WaitOpenAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            return open.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The service answers health checks: workers go on.</summary>
    public void Open()
    {
        lock (sync)
        {
            open.TrySetResult();
        }
    }

    /// <summary>The service is about to die: workers finish their request and then wait.</summary>
    public void Close()
    {
        lock (sync)
        {
            if (open.Task.IsCompleted)
            {
                open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
