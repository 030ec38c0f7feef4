using System.Reflection;

namespace Credentials.DevServer.Functions;

/// <summary>A method with <c>[Function]</c> and a <c>[TimerTrigger]</c> parameter.</summary>
/// <param name="Name">The function name from <c>[Function]</c>.</param>
/// <param name="Method">The method that runs it.</param>
/// <param name="Schedule">The schedule as written, possibly an app setting reference such as <c>%RefreshSchedule%</c>.</param>
/// <param name="RunOnStartup">Whether the attribute asks for a run when the host starts.</param>
/// <param name="Arguments">How each parameter is bound, in parameter order.</param>
internal sealed record TimerFunctionDefinition(
    string Name,
    MethodInfo Method,
    string Schedule,
    bool RunOnStartup,
    IReadOnlyList<FunctionArgument> Arguments);
