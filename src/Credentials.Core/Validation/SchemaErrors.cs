using System.Text.Json;
using Json.Schema;

namespace Credentials.Core.Validation;

/// <summary>Evaluates a JSON Schema and turns the failures into per-field messages keyed by a readable path (<c>data.apiKey</c>).</summary>
public static class SchemaErrors
{
    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        RequireFormatValidation = true,
    };

    /// <summary>The failures of <paramref name="instance"/> against <paramref name="schema"/>; empty when valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Evaluate(JsonSchema schema, JsonElement instance)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var results = schema.Evaluate(instance, Evaluation);
        if (results.IsValid)
        {
            return new Dictionary<string, string[]>();
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Collect(results, errors);

        if (errors.Count == 0)
        {
            errors[string.Empty] = ["The document does not match the schema."];
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    // Walks failing nodes only: the rejected branches of a oneOf that passed are not errors of the document.
    private static void Collect(EvaluationResults node, Dictionary<string, List<string>> errors)
    {
        if (node.IsValid)
        {
            return;
        }

        foreach (var message in node.Errors?.Values ?? Enumerable.Empty<string>())
        {
            var path = FieldPath(node.InstanceLocation.ToString());
            if (!errors.TryGetValue(path, out var list))
            {
                errors[path] = list = [];
            }

            if (!list.Contains(message))
            {
                list.Add(message);
            }
        }

        foreach (var child in node.Details ?? [])
        {
            Collect(child, errors);
        }
    }

    /// <summary>Turns <c>/data/apiKey</c> into <c>data.apiKey</c> and <c>/items/0</c> into <c>items[0]</c>.</summary>
    public static string FieldPath(string instanceLocation)
    {
        ArgumentNullException.ThrowIfNull(instanceLocation);
        var segments = instanceLocation.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        var path = string.Empty;
        foreach (var segment in segments)
        {
            path += int.TryParse(segment, out _) ? $"[{segment}]" : (path.Length == 0 ? segment : "." + segment);
        }

        return path;
    }
}
