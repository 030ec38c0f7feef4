using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Credentials.Infra.Tests.Support;

/// <summary>A number of the compiled template followed through module parameters up to main.bicep, checked against bounds on the way.</summary>
internal static partial class ParameterChain
{
    /// <summary>
    /// Asserts that <paramref name="value"/>, as the template of <paramref name="resource"/> writes it, is a number within
    /// [<paramref name="min"/>, <paramref name="max"/>], or a parameter whose declared minValue and maxValue lie within them
    /// (<see cref="int.MaxValue"/> for no upper bound) and whose argument or default does too, up the modules.
    /// Returns the number the chain ends in, or null when main.bicep requires the parameter.
    /// </summary>
    public static int? ExpectWithin(ArmResource resource, JsonNode? value, int min, int max, string what)
    {
        var holder = resource;
        var node = value;
        for (var depth = 0; depth < 10; depth++)
        {
            if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
            {
                var literal = number.GetValue<int>();
                Assert.True(literal >= min && literal <= max, $"{what} is {literal}, outside {min}..{Describe(max)}.");
                return literal;
            }

            var reference = ParameterReference().Match(node is JsonValue text && text.TryGetValue<string>(out var expression) ? expression : node?.ToJsonString() ?? "nothing");
            Assert.True(reference.Success, $"{what} must be a number or a parameter, not {node?.ToJsonString() ?? "nothing"}.");
            var name = reference.Groups[1].Value;
            var declaration = holder.Template["parameters"]?[name];
            Assert.True(declaration is not null, $"{what}: the parameter '{name}' is not declared.");
            ExpectBound(declaration["minValue"], name, "minValue", bound => bound >= min, min);
            if (max != int.MaxValue)
            {
                ExpectBound(declaration["maxValue"], name, "maxValue", bound => bound <= max, max);
            }

            if (holder.Module?.Node["properties"]?["parameters"]?[name]?["value"] is { } passed)
            {
                holder = holder.Module;
                node = passed;
            }
            else if (declaration["defaultValue"] is { } fallback)
            {
                node = fallback;
            }
            else
            {
                Assert.True(holder.Module is null, $"{what}: the module parameter '{name}' gets neither an argument nor a default.");
                return null;
            }
        }

        throw new InvalidOperationException($"{what}: the parameter chain is deeper than 10 modules.");
    }

    private static void ExpectBound(JsonNode? bound, string parameter, string kind, Func<int, bool> fits, int limit)
    {
        var value = bound is JsonValue number && number.GetValueKind() == JsonValueKind.Number ? number.GetValue<int>() : (int?)null;
        Assert.True(value is { } declared && fits(declared), $"The parameter '{parameter}' must declare {kind} within {limit}, found {bound?.ToJsonString() ?? "none"}.");
    }

    private static string Describe(int max) => max == int.MaxValue ? "any" : max.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();
}
