using Credentials.Core.Configuration;
using System.Reflection;
using Credentials.DevServer.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.DevServer.Functions;

/// <summary>
/// The functions of an assembly, found by reflection the way the Worker SDK finds them: public methods of
/// public classes with <c>[Function]</c>, classified by their trigger parameter. No hand-written route table.
/// </summary>
internal sealed class FunctionCatalog
{
    private FunctionCatalog(
        IReadOnlyList<HttpFunctionDefinition> httpFunctions,
        IReadOnlyList<TimerFunctionDefinition> timerFunctions,
        IReadOnlyList<string> unsupportedFunctions)
    {
        HttpFunctions = httpFunctions;
        TimerFunctions = timerFunctions;
        UnsupportedFunctions = unsupportedFunctions;
    }

    /// <summary>Functions with an <c>[HttpTrigger]</c>.</summary>
    public IReadOnlyList<HttpFunctionDefinition> HttpFunctions { get; }

    /// <summary>Functions with a <c>[TimerTrigger]</c>.</summary>
    public IReadOnlyList<TimerFunctionDefinition> TimerFunctions { get; }

    /// <summary>Names of functions with another trigger, which DevServer does not run.</summary>
    public IReadOnlyList<string> UnsupportedFunctions { get; }

    /// <summary>Finds every function in the public types of <paramref name="assembly"/>.</summary>
    public static FunctionCatalog Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Discover(assembly.GetExportedTypes());
    }

    /// <summary>Finds every function declared by <paramref name="types"/>.</summary>
    /// <exception cref="InvalidOperationException">A function DevServer cannot run faithfully; the message names it.</exception>
    public static FunctionCatalog Discover(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var httpFunctions = new List<HttpFunctionDefinition>();
        var timerFunctions = new List<TimerFunctionDefinition>();
        var unsupported = new List<string>();
        var names = new Dictionary<string, MethodInfo>(StringComparer.OrdinalIgnoreCase);

        foreach (var type in types.Where(IsFunctionClass).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is null)
                {
                    continue;
                }

                // The host refuses two functions with one name (case-insensitively), so DevServer does too.
                if (!names.TryAdd(function.Name, method))
                {
                    throw new InvalidOperationException(
                        $"The function name '{function.Name}' is declared by both {Describe(names[function.Name])} and {Describe(method)}; function names must be unique.");
                }

                var parameters = method.GetParameters();
                if (parameters.FirstOrDefault(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null) is { } httpParameter)
                {
                    httpFunctions.Add(DescribeHttpFunction(function.Name, method, httpParameter.GetCustomAttribute<HttpTriggerAttribute>()!));
                }
                else if (parameters.FirstOrDefault(p => p.GetCustomAttribute<TimerTriggerAttribute>() is not null) is { } timerParameter)
                {
                    timerFunctions.Add(DescribeTimerFunction(function.Name, method, timerParameter.GetCustomAttribute<TimerTriggerAttribute>()!));
                }
                else
                {
                    unsupported.Add(function.Name);
                }
            }
        }

        return new FunctionCatalog(httpFunctions, timerFunctions, unsupported);
    }

    private static bool IsFunctionClass(Type type) =>
        type.IsClass && !type.ContainsGenericParameters && (!type.IsAbstract || type.IsSealed);

    private static HttpFunctionDefinition DescribeHttpFunction(string name, MethodInfo method, HttpTriggerAttribute trigger)
    {
        var route = string.IsNullOrWhiteSpace(trigger.Route) ? name : trigger.Route;
        var routeParameters = FunctionRouteTemplate.ParameterNames(name, route);
        var arguments = method.GetParameters().Select(parameter => parameter switch
        {
            _ when parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null =>
                parameter.ParameterType == typeof(HttpRequest)
                    ? new FunctionArgument(parameter.Name!, FunctionArgumentSource.HttpRequest)
                    : throw Unbindable(name, parameter, "the [HttpTrigger] parameter must be an ASP.NET Core HttpRequest"),
            _ when parameter.ParameterType == typeof(CancellationToken) =>
                new FunctionArgument(parameter.Name!, FunctionArgumentSource.CancellationToken),
            _ when parameter.ParameterType == typeof(string) && routeParameters.FirstOrDefault(r => string.Equals(r, parameter.Name, StringComparison.OrdinalIgnoreCase)) is { } routeParameter =>
                new FunctionArgument(routeParameter, FunctionArgumentSource.RouteValue),
            _ => throw Unbindable(name, parameter, $"DevServer binds the HttpRequest, a CancellationToken and string parameters named like a parameter of the route '{route}'"),
        }).ToList();

        var methods = (trigger.Methods ?? [])
            .Select(m => m.Trim().ToUpperInvariant())
            .Where(m => m.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new HttpFunctionDefinition(name, method, trigger.Route, methods, arguments)
        {
            ReturnsActionResult = ReturnsActionResult(name, method),
        };
    }

    private static TimerFunctionDefinition DescribeTimerFunction(string name, MethodInfo method, TimerTriggerAttribute trigger)
    {
        var arguments = method.GetParameters().Select(parameter => parameter switch
        {
            _ when parameter.GetCustomAttribute<TimerTriggerAttribute>() is not null =>
                parameter.ParameterType == typeof(TimerInfo)
                    ? new FunctionArgument(parameter.Name!, FunctionArgumentSource.TimerInfo)
                    : throw Unbindable(name, parameter, "the [TimerTrigger] parameter must be a TimerInfo"),
            _ when parameter.ParameterType == typeof(CancellationToken) =>
                new FunctionArgument(parameter.Name!, FunctionArgumentSource.CancellationToken),
            _ => throw Unbindable(name, parameter, "DevServer binds the TimerInfo and a CancellationToken"),
        }).ToList();

        return new TimerFunctionDefinition(name, method, trigger.Schedule, trigger.RunOnStartup, arguments);
    }

    /// <summary>Checks the return type is one DevServer can answer with and says whether it is MVC's.</summary>
    private static bool ReturnsActionResult(string name, MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask))
        {
            return false;
        }

        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            type = type.GetGenericArguments()[0];
        }

        if (typeof(IResult).IsAssignableFrom(type))
        {
            return false;
        }

        if (typeof(IActionResult).IsAssignableFrom(type))
        {
            return true;
        }

        throw new InvalidOperationException(
            $"Function '{name}' ({Describe(method)}) returns {type.Name}; DevServer answers with an IResult or IActionResult (optionally in a Task or ValueTask).");
    }

    private static InvalidOperationException Unbindable(string name, ParameterInfo parameter, string rule) =>
        new($"Function '{name}' ({Describe((MethodInfo)parameter.Member)}): parameter '{parameter.Name}' of type {parameter.ParameterType.Name} cannot be bound: {rule}.");

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
