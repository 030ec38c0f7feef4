using System.Reflection;
using Credentials.Functions.Api;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.EndToEndTests;

/// <summary>Every HTTP function of the Functions assembly, found by reflection, so no route can be left out of a matrix.</summary>
public static class RouteCatalog
{
    /// <summary>Functions that are anonymous by design.</summary>
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string>(StringComparer.Ordinal) { "Health", "HealthReady", "OpenApi", "OAuthCallback", "ConnectPage", "ConnectPageAsset" };

    /// <summary>Functions that take a connect session's token instead of a tenant key (their own matrix is in Connect/ConnectSessionApiTests).</summary>
    public static readonly IReadOnlySet<string> SessionToken = new HashSet<string>(StringComparer.Ordinal) { "GetConnectPageSession", "CreateConnectPageCredential" };

    /// <summary>(function name, method, route with placeholders filled).</summary>
    public static IEnumerable<(string Name, string Method, string Route)> HttpRoutes(Func<string, string> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        foreach (var method in typeof(HealthFunction).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)))
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
            if (function is null || trigger is null)
            {
                continue;
            }

            var route = System.Text.RegularExpressions.Regex.Replace(trigger.Route ?? function.Name, "\\{\\*?([A-Za-z]+)[^}]*\\}", m => fill(m.Groups[1].Value));
            foreach (var verb in trigger.Methods ?? ["get"])
            {
                yield return (function.Name, verb.ToUpperInvariant(), route);
            }
        }
    }
}
