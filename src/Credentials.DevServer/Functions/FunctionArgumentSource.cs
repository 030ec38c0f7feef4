namespace Credentials.DevServer.Functions;

/// <summary>Where the value of one function parameter comes from, decided once at discovery.</summary>
internal enum FunctionArgumentSource
{
    /// <summary>The trigger's <c>HttpRequest</c>.</summary>
    HttpRequest,

    /// <summary>The route value of the same name (a string, null when an optional segment is absent).</summary>
    RouteValue,

    /// <summary>The invocation's cancellation: <c>RequestAborted</c> for HTTP, the host's stopping token for timers.</summary>
    CancellationToken,

    /// <summary>The timer trigger's <c>TimerInfo</c>.</summary>
    TimerInfo,
}
