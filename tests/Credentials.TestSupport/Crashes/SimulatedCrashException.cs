namespace Credentials.TestSupport.Crashes;

/// <summary>Thrown instead of sending a storage call once a <see cref="CrashPolicy"/> is armed: the process is considered killed.</summary>
/// <remarks>Not a <see cref="Azure.RequestFailedException"/>, so neither the Azure SDK retry policy nor the service's storage error handling treats it as a storage answer.</remarks>
public sealed class SimulatedCrashException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SimulatedCrashException()
        : base("Simulated crash: the process was killed before this storage call.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and an inner exception.</summary>
    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
