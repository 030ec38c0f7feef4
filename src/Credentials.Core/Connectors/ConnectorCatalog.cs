using System.Text.Json;
using Credentials.Core.Configuration;
using Credentials.Core.Json;
using Credentials.Core.Validation;
using Json.Schema;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Connectors;

/// <summary>The connectors this deployment offers: the built-in files plus those in <c>Credentials__ConnectorsPath</c>, each validated against the connector schema.</summary>
public sealed class ConnectorCatalog
{
    private const string ResourcePrefix = "Connectors.";
    private const string SchemaResource = "Connectors.Schema.connector.schema.json";
    private readonly IReadOnlyDictionary<string, ConnectorDefinition> connectors;

    /// <summary>Loads and validates every file; a bad file throws <see cref="ConnectorFileException"/> naming it.</summary>
    public ConnectorCatalog(IOptions<CredentialsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schema = LoadSchema();
        var all = new Dictionary<string, ConnectorDefinition>(StringComparer.Ordinal);
        foreach (var (source, json) in BuiltInFiles())
        {
            var connector = Parse(schema, source, json);
            all[connector.Id] = connector;
        }

        if (!string.IsNullOrWhiteSpace(options.Value.ConnectorsPath))
        {
            var folder = options.Value.ConnectorsPath;
            if (!Directory.Exists(folder))
            {
                throw new ConnectorFileException($"Credentials__ConnectorsPath '{folder}' is not a folder.");
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                var json = File.ReadAllText(file);
                if (!options.Value.AllowInsecureLoopback && json.Contains("\"http://", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ConnectorFileException($"Connector file '{file}' uses http URLs, which are accepted only with Credentials__AllowInsecureLoopback.");
                }

                var connector = Parse(schema, file, json);
                all[connector.Id] = connector;
            }
        }

        // Built from the service's own URL, and added last so no file can shadow them.
        if (options.Value.EnableSandbox && options.Value.PublicBaseUrl is { } publicBase)
        {
            foreach (var (source, json) in SandboxConnectors.Files(publicBase))
            {
                var connector = Parse(schema, source, json);
                all[connector.Id] = connector;
            }
        }

        connectors = all;
    }

    /// <summary>Every connector, by id.</summary>
    public IReadOnlyCollection<ConnectorDefinition> All => [.. connectors.Values.OrderBy(c => c.Id, StringComparer.Ordinal)];

    /// <summary>The connector with this id, or null.</summary>
    public ConnectorDefinition? Find(string? connectorId)
        => connectorId is not null && connectors.TryGetValue(connectorId, out var connector) ? connector : null;

    /// <summary>Validates one connector document and reads it; throws <see cref="ConnectorFileException"/> with the file and field.</summary>
    public static ConnectorDefinition Parse(JsonSchema schema, string source, string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ConnectorFileException($"Connector file '{source}' is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var errors = SchemaErrors.Evaluate(schema, document.RootElement);
            if (errors.Count > 0)
            {
                var first = errors.First();
                throw new ConnectorFileException(
                    $"Connector file '{source}' is invalid at '{(first.Key.Length == 0 ? "(root)" : first.Key)}': {string.Join("; ", first.Value)}");
            }

            // Templates, headers, patterns and user agents reach requests as they are written: a line break there is never meant.
            // Prose (notes, descriptions, titles) is only shown, so it may have line breaks.
            if (FindControlCharacter(document.RootElement, "") is { } at)
            {
                throw new ConnectorFileException($"Connector file '{source}' is invalid at '{SchemaErrors.FieldPath(at)}': control characters are not allowed.");
            }

            var connector = document.RootElement.Deserialize<ConnectorDefinition>(CredentialsJson.Options)
                ?? throw new ConnectorFileException($"Connector file '{source}' is empty.");
            var expectedId = Path.GetFileNameWithoutExtension(source);
            if (!string.Equals(expectedId, connector.Id, StringComparison.Ordinal))
            {
                throw new ConnectorFileException($"Connector file '{source}' is invalid at 'id': the id '{connector.Id}' must equal the file name '{expectedId}'.");
            }

            return connector;
        }
    }

    private static string? FindControlCharacter(JsonElement element, string pointer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return ConnectorPatterns.HasControlCharacter(element.GetString()!) ? pointer : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject().Where(p => p.Name is not ("notes" or "description" or "title")))
                {
                    var at = $"{pointer}/{property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
                    if (ConnectorPatterns.HasControlCharacter(property.Name) || FindControlCharacter(property.Value, at) is not null)
                    {
                        return FindControlCharacter(property.Value, at) ?? at;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindControlCharacter(item, $"{pointer}/{index++}") is { } at)
                    {
                        return at;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The connector JSON Schema embedded in this assembly.</summary>
    public static JsonSchema LoadSchema()
    {
        using var stream = typeof(ConnectorCatalog).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException("The connector schema is not embedded.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    }

    private static IEnumerable<(string Source, string Json)> BuiltInFiles()
    {
        var assembly = typeof(ConnectorCatalog).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || name.StartsWith("Connectors.Schema.", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[ResourcePrefix.Length..], reader.ReadToEnd());
        }
    }
}
