using Azure.Core;
using Azure.Core.Pipeline;

namespace Credentials.TestSupport.Races;

/// <summary>
/// Holds one process's Nth storage call until released: the barrier that lets a race test run another operation to the end
/// exactly between two storage calls of the first, on every run (no sleeps, no luck).
/// </summary>
public sealed class PausePolicy(int pauseAt) : HttpPipelinePolicy
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int calls;
    private volatile bool counting;

    /// <summary>Starts counting calls (after the process's warm-up, which is not part of the operation).</summary>
    public void Start() => counting = true;

    /// <summary>Completes when the paused call is reached (it has not been sent).</summary>
    public Task Reached => reached.Task;

    /// <summary>Lets the paused call, and every later one, through.</summary>
    public void Release() => released.TrySetResult();

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (counting && Interlocked.Increment(ref calls) == pauseAt)
        {
            reached.TrySetResult();
            released.Task.GetAwaiter().GetResult();
        }

        ProcessNext(message, pipeline);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (counting && Interlocked.Increment(ref calls) == pauseAt)
        {
            reached.TrySetResult();
            await released.Task.ConfigureAwait(false);
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }
}
