namespace Credentials.Core.Idempotency;

/// <summary>Where the request that first used an idempotency key is.</summary>
public enum IdempotencyState
{
    /// <summary>Running (or its process died: see <see cref="IdempotentRequests.AbandonedAfter"/>).</summary>
    InProgress,

    /// <summary>Answered with a success that is stored for replay.</summary>
    Completed,
}
