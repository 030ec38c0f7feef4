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

/// <summary>One parameter of a function method and the source of its value.</summary>
/// <param name="Name">The parameter name (for route values, the route parameter it binds to).</param>
/// <param name="Source">Where the value comes from.</param>
internal sealed record FunctionArgument(string Name, FunctionArgumentSource Source);
