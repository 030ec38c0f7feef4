using System.Text.RegularExpressions;

namespace Credentials.UnitTests.Hosting;

/// <summary>
/// The Functions host's checks on HTTP routes, restated for tests. The host (ScriptHost.ValidateHttpFunction)
/// takes the route as declared, or the function name when none is, trims '/', lower-cases it and refuses it when
/// it starts with "admin" or "runtime": a plain string prefix, checked on the route alone, before and regardless
/// of the routePrefix, so "administration/x" is refused too and an empty routePrefix changes nothing.
/// </summary>
internal static partial class HostRouteRules
{
    private static readonly string[] ReservedPrefixes = ["admin", "runtime"];

    /// <summary>True when the host would refuse <paramref name="route"/> as conflicting with its built-in routes.</summary>
    public static bool IsReserved(string route) =>
        ReservedPrefixes.Any(prefix => route.Trim('/').ToLowerInvariant().StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// What a route matches, independent of how its parameters are named or constrained: literal segments
    /// lower-cased, each parameter as <c>{}</c> and each catch-all as <c>{*}</c>. Two routes with one shape and a shared
    /// method are ambiguous to ASP.NET Core routing (the host only compares the strings, so this is stricter).
    /// </summary>
    public static string Shape(string route) =>
        Parameter().Replace(route.Trim('/'), match => match.Groups["catchAll"].Success ? "{*}" : "{}").ToLowerInvariant();

    [GeneratedRegex(@"\{(?<catchAll>\*{1,2})?[^{}]*\}")]
    private static partial Regex Parameter();
}
