using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.Core.Ids;

namespace Credentials.Core.Connectors;

/// <summary>
/// Builds the JSON Schema (draft 2020-12) of the whole <c>POST /credentials</c> body for one connector and authentication
/// type: the same document the metadata route shows and the create route validates with.
/// </summary>
public static class InputSchemaBuilder
{
    /// <summary>Longest credential name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Default longest string field value.</summary>
    public const int DefaultMaxFieldLength = 4096;

    /// <summary>
    /// The schema of a create body for <paramref name="authenticationType"/>. For oauth2 it is <c>oneOf</c>: start a flow
    /// (<c>redirectUri</c>, optional <c>scopes</c>) or import tokens the tenant already holds (<c>data.accessToken</c>).
    /// </summary>
    public static JsonObject Build(ConnectorDefinition connector, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var title = $"{connector.Name} credential ({authenticationType})";
        if (authenticationType != AuthenticationTypes.OAuth2)
        {
            var schema = Body(connector.Id, authenticationType, DataSchema(connector.FieldsFor(authenticationType), []), requireData: true);
            schema["$schema"] = Draft;
            schema["title"] = title;
            return schema;
        }

        var fields = connector.FieldsFor(authenticationType);
        var flow = Body(connector.Id, authenticationType, DataSchema(fields, []), requireData: false);
        flow["title"] = "Start the OAuth flow";
        ((JsonObject)flow["properties"]!)["redirectUri"] = new JsonObject { ["type"] = "string", ["format"] = "uri", ["maxLength"] = 2048, ["description"] = "One of the tenant's allowed redirect URIs." };
        ((JsonObject)flow["properties"]!)["scopes"] = ScopesSchema();
        ((JsonArray)flow["required"]!).Add("redirectUri");

        var import = Body(connector.Id, authenticationType, DataSchema(fields, ImportFields()), requireData: true);
        import["title"] = "Import existing tokens";
        return new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = title,
            ["oneOf"] = new JsonArray(flow, import),
        };
    }

    private const string Draft = "https://json-schema.org/draft/2020-12/schema";

    private static JsonObject Body(string connectorId, string authenticationType, JsonObject data, bool requireData)
    {
        var required = new JsonArray("userId", "connectorId", "authenticationType");
        if (requireData)
        {
            required.Add("data");
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["userId"] = new JsonObject { ["type"] = "string", ["pattern"] = $"^{ResourceIds.User}-[a-z2-7]{{26}}$", ["description"] = "The end user who owns the credential." },
                ["connectorId"] = new JsonObject { ["const"] = connectorId },
                ["authenticationType"] = new JsonObject { ["const"] = authenticationType },
                ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = MaxNameLength, ["pattern"] = "^[^\\u0000-\\u001f\\u007f]*$" },
                ["data"] = data,
            },
            ["required"] = required,
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject ScopesSchema() => new()
    {
        ["type"] = "array",
        ["maxItems"] = 100,
        ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}$" },
    };

    private static List<(string Name, JsonObject Schema, bool Required)> ImportFields() =>
    [
        ("accessToken", new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 16384, ["writeOnly"] = true }, true),
        ("refreshToken", new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 16384, ["writeOnly"] = true }, false),
        ("expiresAt", new JsonObject { ["type"] = "string", ["format"] = "date-time" }, false),
        ("scopes", ScopesSchema(), false),
    ];

    /// <summary>An example body built from the fields' examples.</summary>
    public static JsonObject SampleInput(ConnectorDefinition connector, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var data = new JsonObject();
        foreach (var field in connector.FieldsFor(authenticationType))
        {
            data[field.Name] = field.Example is { } example ? JsonNode.Parse(example.GetRawText()) : Placeholder(field);
        }

        var sample = new JsonObject
        {
            ["userId"] = $"{ResourceIds.User}-{new string('a', 26)}",
            ["connectorId"] = connector.Id,
            ["authenticationType"] = authenticationType,
            ["name"] = $"{connector.Name} ({authenticationType})",
        };
        if (authenticationType == AuthenticationTypes.OAuth2)
        {
            sample["redirectUri"] = "https://app.example.com/integrations/connected";
        }

        sample["data"] = data;
        return sample;
    }

    private static JsonObject DataSchema(IReadOnlyList<ConnectorField> fields, List<(string Name, JsonObject Schema, bool Required)> extra)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var (name, schema, isRequired) in extra)
        {
            properties[name] = schema;
            if (isRequired)
            {
                required.Add(name);
            }
        }

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
                // Published for ECMA-262 validators; the service refuses control characters on top (CreateBodyValidator).
                schema["pattern"] = ConnectorPatterns.ToEcmaScript(field.Pattern);
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
