namespace Credentials.TestSupport.Races;

/// <summary>How one side of a race ended: its result, or the exception it answered with.</summary>
public sealed record OperationOutcome(object? Result, Exception? Error)
{
    /// <summary>True when it completed without an exception.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Runs <paramref name="operation"/> and records how it ended.</summary>
    public static async Task<OperationOutcome> OfAsync(Func<Task<object?>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            return new OperationOutcome(await operation().ConfigureAwait(false), null);
        }
        catch (Exception e)
        {
            return new OperationOutcome(null, e);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Error is null ? $"ok ({Result})" : $"{Error.GetType().Name}: {Error.Message}";
}
