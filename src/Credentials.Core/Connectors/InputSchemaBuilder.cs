using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.Core.Ids;

namespace Credentials.Core.Connectors;

/// <summary>
/// Builds the JSON Schema (draft 2020-12) of the whole <c>POST /api/credentials</c> body for one connector and authentication
/// type: the same document the metadata route shows and the create route validates with.
/// </summary>
public static class InputSchemaBuilder
{
    /// <summary>Longest credential name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Default longest string field value.</summary>
    public const int DefaultMaxFieldLength = 4096;

    /// <summary>The schema of a create body for <paramref name="authenticationType"/>.</summary>
    public static JsonObject Build(ConnectorDefinition connector, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(connector);
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = $"{connector.Name} credential ({authenticationType})",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["userId"] = new JsonObject { ["type"] = "string", ["pattern"] = $"^{ResourceIds.User}-[a-z2-7]{{26}}$", ["description"] = "The end user who owns the credential." },
                ["connectorId"] = new JsonObject { ["const"] = connector.Id },
                ["authenticationType"] = new JsonObject { ["const"] = authenticationType },
                ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = MaxNameLength, ["pattern"] = "^[^\\u0000-\\u001f\\u007f]*$" },
                ["data"] = DataSchema(connector.FieldsFor(authenticationType)),
            },
            ["required"] = new JsonArray("userId", "connectorId", "authenticationType", "data"),
            ["additionalProperties"] = false,
        };
    }

    /// <summary>An example body built from the fields' examples.</summary>
    public static JsonObject SampleInput(ConnectorDefinition connector, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var data = new JsonObject();
        foreach (var field in connector.FieldsFor(authenticationType))
        {
            data[field.Name] = field.Example is { } example ? JsonNode.Parse(example.GetRawText()) : Placeholder(field);
        }

        return new JsonObject
        {
            ["userId"] = $"{ResourceIds.User}-{new string('a', 26)}",
            ["connectorId"] = connector.Id,
            ["authenticationType"] = authenticationType,
            ["name"] = $"{connector.Name} ({authenticationType})",
            ["data"] = data,
        };
    }

    private static JsonObject DataSchema(IReadOnlyList<ConnectorField> fields)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in fields)
        {
            properties[field.Name] = FieldSchema(field);
            if (field.Required)
            {
                required.Add(field.Name);
            }
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = required,
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject FieldSchema(ConnectorField field)
    {
        var schema = new JsonObject { ["type"] = field.Type };
        if (field.Title is not null)
        {
            schema["title"] = field.Title;
        }

        if (field.Description is not null)
        {
            schema["description"] = field.Description;
        }

        if (field.Type == "string")
        {
            schema["minLength"] = field.Required ? 1 : 0;
            schema["maxLength"] = field.MaxLength ?? DefaultMaxFieldLength;
            if (field.Pattern is not null)
            {
                schema["pattern"] = field.Pattern;
            }

            if (field.Format is not null)
            {
                schema["format"] = field.Format;
            }
        }

        if (field.Enum is { Count: > 0 } values)
        {
            schema["enum"] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        if (field.Secret)
        {
            // Marks the value as accepted but never returned (JSON Schema 2020-12 meta-data vocabulary).
            schema["writeOnly"] = true;
        }

        return schema;
    }

    private static JsonValue Placeholder(ConnectorField field) => field.Type switch
    {
        "integer" => JsonValue.Create(1),
        "boolean" => JsonValue.Create(true),
        _ => JsonValue.Create(field.Secret ? "<secret>" : $"<{field.Name}>"),
    };

    /// <summary>Serialises a schema for building a validator.</summary>
    public static string ToText(JsonObject schema) => schema.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
