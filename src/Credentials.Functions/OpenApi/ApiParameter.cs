using System.Text.Json.Nodes;

namespace Credentials.Functions.OpenApi;

/// <summary>A query or header parameter of an operation (path parameters come from the route itself).</summary>
/// <param name="In"><c>query</c> or <c>header</c>.</param>
/// <param name="Schema">The parameter's JSON Schema, as JSON text.</param>
public sealed record ApiParameter(string Name, string In, string Description, string Schema, bool Required = false)
{
    /// <summary>Page size of a list.</summary>
    public static ApiParameter Limit { get; } = new("limit", "query", "Page size, 1 to 100 (default 50).", """{"type":"integer","minimum":1,"maximum":100}""");

    /// <summary>The opaque token of the next page, from the previous answer.</summary>
    public static ApiParameter ContinuationToken { get; } = new("continuationToken", "query", "The previous page's continuationToken.", """{"type":"string"}""");

    /// <summary>Makes a create safe to retry: the same key and body get the first answer again for 24 hours.</summary>
    public static ApiParameter IdempotencyKey { get; } = new("Idempotency-Key", "header", "A retry with the same key and request gets the first answer again (Idempotent-Replayed: true); with another request, 422.", """{"type":"string","minLength":1,"maxLength":255}""");

    /// <summary>The parameter object of the document.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["in"] = In,
        ["description"] = Description,
        ["required"] = Required,
        ["schema"] = JsonNode.Parse(Schema),
    };
}
