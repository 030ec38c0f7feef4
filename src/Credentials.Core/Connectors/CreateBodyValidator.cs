using System.Collections.Concurrent;
using System.Text.Json;
using Credentials.Core.Validation;
using Json.Schema;

namespace Credentials.Core.Connectors;

/// <summary>Validates create bodies against the connector's input schema (built once per connector and type, then cached).</summary>
public sealed class CreateBodyValidator
{
    private readonly ConcurrentDictionary<(string ConnectorId, string Type), JsonSchema> schemas = new();

    /// <summary>The per-field failures of <paramref name="body"/>; empty when it is valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate(ConnectorDefinition connector, string authenticationType, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var schema = schemas.GetOrAdd(
            (connector.Id, authenticationType),
            key => JsonSchema.FromText(InputSchemaBuilder.ToText(InputSchemaBuilder.Build(connector, key.Type))));
        return SchemaErrors.Evaluate(schema, body);
    }
}
