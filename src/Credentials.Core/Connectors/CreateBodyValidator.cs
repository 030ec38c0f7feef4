using System.Collections.Concurrent;
using System.Text.Json;
using Credentials.Core.Validation;
using Json.Schema;

namespace Credentials.Core.Connectors;

/// <summary>
/// Validates create bodies against the connector's input schema (built once per connector and type, then cached), and refuses control
/// characters in every string of the body: values reach URLs, headers and keys, and a pattern's <c>$</c> still lets a final line
/// feed through.
/// </summary>
public sealed class CreateBodyValidator
{
    private const string ControlCharacters = "Control characters are not allowed.";

    private readonly ConcurrentDictionary<(string ConnectorId, string Type), JsonSchema> schemas = new();

    /// <summary>The per-field failures of <paramref name="body"/>; empty when it is valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate(ConnectorDefinition connector, string authenticationType, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var schema = schemas.GetOrAdd(
            (connector.Id, authenticationType),
            key => JsonSchema.FromText(InputSchemaBuilder.ToText(InputSchemaBuilder.Build(connector, key.Type))));
        var errors = SchemaErrors.Evaluate(schema, body).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var path in StringsWithControlCharacters(body))
        {
            errors[path] = errors.TryGetValue(path, out var existing) ? [.. existing, ControlCharacters] : [ControlCharacters];
        }

        return errors;
    }

    // Every string of the body (names, field values, scopes, tokens to import), by the same readable path SchemaErrors uses.
    private static IEnumerable<string> StringsWithControlCharacters(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when ConnectorPatterns.HasControlCharacter(element.GetString()!):
                yield return path;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var found in StringsWithControlCharacters(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}"))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var found in StringsWithControlCharacters(item, $"{path}[{index++}]"))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }
}
