using System.Reflection;

namespace Credentials.DevServer.Functions;

/// <summary>A method with <c>[Function]</c> and an <c>[HttpTrigger]</c> parameter.</summary>
/// <param name="Name">The function name from <c>[Function]</c>.</param>
/// <param name="Method">The method that runs it.</param>
/// <param name="DeclaredRoute">The attribute's <c>Route</c> as written (null when absent).</param>
/// <param name="HttpMethods">Upper-case HTTP methods; empty means every method, as the host reads it.</param>
/// <param name="Arguments">How each parameter is bound, in parameter order.</param>
internal sealed record HttpFunctionDefinition(
    string Name,
    MethodInfo Method,
    string? DeclaredRoute,
    IReadOnlyList<string> HttpMethods,
    IReadOnlyList<FunctionArgument> Arguments)
{
    /// <summary>The route the host uses: the declared one, or the function name when none is declared.</summary>
    public string Route => string.IsNullOrWhiteSpace(DeclaredRoute) ? Name : DeclaredRoute;

    /// <summary>True when the function may return an <c>IActionResult</c> (MVC's result executors are then needed).</summary>
    public bool ReturnsActionResult { get; init; }
}
