using System.Globalization;
using System.Text.Json;

namespace Credentials.Core.Validation;

/// <summary>
/// Checks every property name and string of a JSON document as text: a lone surrogate escape (<c>\ud800</c>) cannot become a
/// string at all, and a control character (CR, LF, tab, NUL, ...) in a value would later break a header, a redirect's
/// <c>Location</c> or a log line. No field of the API takes either, secret fields included.
/// </summary>
public static class JsonText
{
    private const int MaxProblems = 20;

    /// <summary>Each offending field by its path (<c>data.apiKey</c>, <c>scopes[1]</c>), with a reason that never repeats the value; empty when all is text.</summary>
    public static IReadOnlyDictionary<string, string[]> Problems(JsonElement root)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Walk(root, string.Empty, problems);
        return problems;
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, string[]> problems)
    {
        if (problems.Count >= MaxProblems)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        problems[path] = ["A property name is not valid text (it holds a lone surrogate)."];
                        continue;
                    }

                    var child = path.Length == 0 ? name : path + "." + name;
                    if (Check(name) is { } nameProblem)
                    {
                        problems[child] = ["The property name: " + nameProblem];
                        continue;
                    }

                    Walk(property.Value, child, problems);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]", problems);
                    index++;
                }

                break;
            case JsonValueKind.String:
                string value;
                try
                {
                    value = element.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    problems[path] = ["Not valid text (a lone surrogate)."];
                    break;
                }

                if (Check(value) is { } problem)
                {
                    problems[path] = [problem];
                }

                break;
        }
    }

    private static string? Check(string text) => text.Any(char.IsControl) ? "Control characters (CR, LF, tab, NUL, ...) are not allowed." : null;
}
