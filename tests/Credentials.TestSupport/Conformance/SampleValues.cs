using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.Core.Connectors;

namespace Credentials.TestSupport.Conformance;

/// <summary>Values that obey a connector file's rules: its examples first, else a value its pattern accepts.</summary>
public static class SampleValues
{
    /// <summary>A value for a metadata item or a field: the example, else the first of a few common shapes the pattern accepts.</summary>
    public static string For(string name, string? pattern, string? example)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (example is not null && ConnectorPatterns.Accepts(pattern, example))
        {
            return example;
        }

        string[] candidates =
        [
            $"{name.ToLowerInvariant()}-sample", "acme", "12345", "00000000-0000-0000-0000-000000000000",
            "https://acme.example.com", "Sample1", "sample_value", "a",
        ];
        return candidates.FirstOrDefault(c => ConnectorPatterns.Accepts(pattern, c))
            ?? throw new InvalidOperationException($"No sample value for '{name}' matches its pattern {pattern}; give it an example.");
    }

    /// <summary>The body <c>data</c> for <paramref name="authenticationType"/>: every required field and every field with an example.</summary>
    public static JsonObject Data(ConnectorDefinition connector, string authenticationType, string uniqueSuffix)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var data = new JsonObject();
        foreach (var field in connector.FieldsFor(authenticationType))
        {
            if (field.Example is { } example && (field.Secret is false || field.Pattern is not null || field.Enum is not null))
            {
                data[field.Name] = JsonNode.Parse(example.GetRawText());
            }
            else if (field.Enum is { Count: > 0 } values)
            {
                data[field.Name] = values[0];
            }
            else if (field.Required || field.Example is not null)
            {
                data[field.Name] = field.Type switch
                {
                    "integer" => 1,
                    "boolean" => true,
                    _ => For(field.Name, field.Pattern, field.Secret ? $"{field.Name}-{uniqueSuffix}" : field.Example?.ToString()),
                };
            }
        }

        return data;
    }

    /// <summary>The text a data value is stored and expanded as.</summary>
    public static string Text(JsonNode? value)
        => value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;

    /// <summary>
    /// <paramref name="data"/> with every secret value changed to another one its pattern still accepts (a wrong key the provider refuses),
    /// or null when no such value exists.
    /// </summary>
    public static JsonObject? WithWrongSecrets(ConnectorDefinition connector, string authenticationType, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(data);
        var wrong = (JsonObject)data.DeepClone();
        var changed = false;
        foreach (var field in connector.FieldsFor(authenticationType).Where(f => f.Secret && f.Type == "string" && data.ContainsKey(f.Name)))
        {
            var good = Text(data[field.Name]);
            var other = "0aAzZ9".Select(c => good[..^1] + c).FirstOrDefault(v => v != good && ConnectorPatterns.Accepts(field.Pattern, v));
            if (other is null)
            {
                return null;
            }

            wrong[field.Name] = other;
            changed = true;
        }

        return changed ? wrong : null;
    }
}
