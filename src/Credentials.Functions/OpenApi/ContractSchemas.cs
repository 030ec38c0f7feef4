using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Credentials.Core.Json;

namespace Credentials.Functions.OpenApi;

/// <summary>
/// The components/schemas of the document: each contract record exported by System.Text.Json from the one JSON options the API
/// serialises with, so names, nullability and shapes are what goes over the wire. Every property is required (the API writes
/// nulls) and no other property is allowed, so a response that grows a field without the document fails the response checks.
/// </summary>
internal sealed class ContractSchemas
{
    /// <summary>Where the document keeps its schemas.</summary>
    public const string Prefix = "#/components/schemas/";

    // The API's options, except that numbers are numbers: the web defaults also read them from strings, which the exporter would
    // describe as "string or integer", though the API never writes one as a string.
    private static readonly JsonSerializerOptions Options = new(CredentialsJson.Options) { NumberHandling = JsonNumberHandling.Strict };

    private readonly SortedDictionary<string, JsonNode> schemas = new(StringComparer.Ordinal);

    /// <summary>A <c>$ref</c> to <paramref name="type"/>'s schema, exporting it on first use.</summary>
    public JsonObject Reference(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!schemas.ContainsKey(type.Name))
        {
            schemas[type.Name] = Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
            {
                TreatNullObliviousAsNonNullable = true,
                TransformSchemaNode = Close,
            });
        }

        return new JsonObject { ["$ref"] = Prefix + type.Name };
    }

    /// <summary>Adds a hand-written schema under <paramref name="name"/>.</summary>
    public void Add(string name, JsonNode schema) => schemas[name] = schema;

    /// <summary>The schemas, by name.</summary>
    public JsonObject ToJson() => new(schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value.DeepClone())));

    private static JsonNode Close(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && schema is JsonObject node && node["properties"] is JsonObject properties)
        {
            node["required"] = new JsonArray([.. properties.Select(p => (JsonNode)JsonValue.Create(p.Key))]);
            node["additionalProperties"] = false;
        }

        return schema;
    }
}
