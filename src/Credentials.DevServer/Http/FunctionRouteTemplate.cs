using Microsoft.AspNetCore.Routing.Patterns;

namespace Credentials.DevServer.Http;

/// <summary>
/// Turns a function's route into a Kestrel endpoint pattern. The host parses routes with ASP.NET Core's own route
/// template syntax (parameters, <c>?</c>, defaults, inline constraints, <c>{*catchAll}</c>), so the template is kept
/// as written and only joined to the route prefix, with the slashes the host trims removed.
/// </summary>
internal static class FunctionRouteTemplate
{
    /// <summary>The endpoint pattern for <paramref name="route"/> under <paramref name="routePrefix"/> (which may be empty).</summary>
    /// <exception cref="InvalidOperationException">The route is not a valid template; the message names the function.</exception>
    public static string ToEndpointPattern(string functionName, string routePrefix, string route)
    {
        ArgumentNullException.ThrowIfNull(routePrefix);
        ArgumentNullException.ThrowIfNull(route);
        var prefix = routePrefix.Trim('/');
        var path = route.Trim('/');
        var pattern = "/" + string.Join('/', new[] { prefix, path }.Where(s => s.Length > 0));
        _ = Parse(functionName, pattern);
        return pattern;
    }

    /// <summary>The names of the parameters of <paramref name="route"/>, as spelled in the template.</summary>
    public static IReadOnlyList<string> ParameterNames(string functionName, string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Parse(functionName, "/" + route.Trim('/')).Parameters.Select(p => p.Name).ToList();
    }

    private static RoutePattern Parse(string functionName, string pattern)
    {
        try
        {
            return RoutePatternFactory.Parse(pattern);
        }
        catch (RoutePatternException exception)
        {
            throw new InvalidOperationException($"Function '{functionName}' has an invalid route template '{pattern}': {exception.Message}", exception);
        }
    }
}
