using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Credentials.Core.Configuration;
using Credentials.Core.Validation;
using Credentials.Functions.Api;
using Json.Schema;
using Microsoft.Extensions.Configuration;

namespace Credentials.TestSupport.OpenApi;

/// <summary>
/// The service's OpenAPI document as a checker of real answers: finds the operation of a request, the documented answer of its
/// status, and validates the body against that answer's schema (JSON Schema 2020-12, the components as <c>$defs</c>).
/// </summary>
public sealed partial class OpenApiContract
{
    private readonly JsonObject document;
    private readonly string serverPrefix;
    private readonly IReadOnlyList<(Regex Pattern, int Literals, string Template)> templates;
    private readonly ConcurrentDictionary<string, JsonSchema> compiled = new(StringComparer.Ordinal);

    private OpenApiContract(JsonObject document)
    {
        this.document = document;
        serverPrefix = document["servers"]![0]!["url"]!.GetValue<string>().TrimEnd('/');
        templates = [.. document["paths"]!.AsObject().Select(p => (Pattern(p.Key, p.Value!.AsObject()), p.Key.Count(c => c != '{' && c != '}'), p.Key))];
    }

    /// <summary>The document the service serves, for the route prefix of the host.json next to the tests.</summary>
    public static OpenApiContract Current { get; } = new(OpenApiFunction.Document(HttpRoutePrefix.Read(HttpRoutePrefix.HostJsonPath, new ConfigurationBuilder().Build())));

    /// <summary>
    /// What is wrong with an answer, or nothing. <paramref name="path"/> is the request's absolute path; <paramref name="providerAnswer"/>
    /// is true when the answer carries the proxy's <c>X-Credential-Id</c>, i.e. it is the provider's and documented as any answer.
    /// </summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? mediaType, string body, bool providerAnswer)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var request = $"{method} {path} -> {status}";
        if (!path.StartsWith(serverPrefix + "/", StringComparison.Ordinal))
        {
            // Not the API (DevServer's sandbox provider, its docs): the document does not describe it.
            return [];
        }

        if (Find(path[serverPrefix.Length..]) is not { } template)
        {
            return IsDevServerProblem(status, body, "route_not_found", 404) ? [] : [$"{request}: no path of the document matches"];
        }

        if (document["paths"]![template]![method.ToLowerInvariant()] is not JsonObject operation)
        {
            return IsDevServerProblem(status, body, "method_not_allowed", 405) ? [] : [$"{request}: {template} has no {method} operation"];
        }

        var operationId = operation["operationId"]!.GetValue<string>();
        var responses = operation["responses"]!.AsObject();
        var key = providerAnswer && responses.ContainsKey("default") ? "default" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if ((responses[key] ?? responses["default"]) is not JsonObject response)
        {
            return [$"{request}: {operationId} does not document status {status} (body: {Excerpt(body)})"];
        }

        var content = response["content"] as JsonObject;
        if (body.Length == 0)
        {
            return content is null || status is 204 or 302 ? [] : [$"{request}: {operationId} documents a body for {status}, none came"];
        }

        if (content is null)
        {
            return [$"{request}: {operationId} documents no body for {status}, one came ({Excerpt(body)})"];
        }

        var mediaKey = mediaType is not null && content.ContainsKey(mediaType) ? mediaType : content.ContainsKey("*/*") ? "*/*" : null;
        if (mediaKey is null)
        {
            return [$"{request}: {operationId} documents {string.Join(", ", content.Select(c => c.Key))} for {status}, not {mediaType}"];
        }

        if (content[mediaKey]!["schema"] is not { } schemaNode || !mediaKey.Contains("json", StringComparison.Ordinal))
        {
            return [];
        }

        JsonElement instance;
        try
        {
            using var parsed = JsonDocument.Parse(body);
            instance = parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            return [$"{request}: {operationId}'s {status} body is not JSON ({Excerpt(body)})"];
        }

        var schema = compiled.GetOrAdd($"{template} {method} {key} {mediaKey}", _ => Compile(schemaNode));
        return [.. SchemaErrors.Evaluate(schema, instance).Select(e => $"{request}: {operationId}'s {status} body at '{e.Key}': {string.Join("; ", e.Value)} (body: {Excerpt(body)})")];
    }

    private string? Find(string path)
        => templates.Where(t => t.Pattern.IsMatch(path)).OrderByDescending(t => t.Literals).Select(t => t.Template).FirstOrDefault();

    // A schema of the document with its components as $defs, so its $refs resolve without the rest of the document.
    private JsonSchema Compile(JsonNode schema)
    {
        var defs = document["components"]!["schemas"]!.ToJsonString();
        var text = $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{{defs}},"allOf":[{{schema.ToJsonString()}}]}""";
        return JsonSchema.FromText(text.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal));
    }

    private static Regex Pattern(string template, JsonObject item)
    {
        var catchAll = item.SelectMany(o => (o.Value?["parameters"] as JsonArray) ?? [])
            .Where(p => p?["x-catch-all"]?.GetValue<bool>() == true)
            .Select(p => p!["name"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        var regex = Parameter().Replace(Regex.Escape(template).Replace("\\{", "{", StringComparison.Ordinal), m => catchAll.Contains(m.Groups[1].Value) ? ".*" : "[^/]+");
        return new Regex("^" + regex + "$", RegexOptions.CultureInvariant);
    }

    private static bool IsDevServerProblem(int status, string body, string code, int expectedStatus)
        => status == expectedStatus && body.Contains($"\"code\":\"{code}\"", StringComparison.Ordinal);

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "...";

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Parameter();
}
