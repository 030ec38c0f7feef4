using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Credentials.Core.Errors;
using Credentials.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document: paths, methods and path parameters from the HTTP functions' triggers (found by reflection, as
/// the host finds them), the rest from <see cref="ApiOperations"/>, and the schemas from the contract records the functions'
/// signatures name. docs/openapi.json is this document, kept equal by a test.
/// </summary>
public static partial class OpenApiDocumentBuilder
{
    /// <summary>The name of the problem schema.</summary>
    public const string ProblemSchema = "Problem";

    private static readonly Dictionary<string, JsonObject> KnownHeaders = new(StringComparer.Ordinal)
    {
        ["Location"] = Header("Where the created (or still running) resource is.", """{"type":"string"}"""),
        ["Idempotent-Replayed"] = Header("true when the answer is a replay of an earlier request with the same Idempotency-Key.", """{"type":"string","enum":["true"]}"""),
        ["Credential-Revocation"] = Header("What happened at the provider.", """{"type":"string","enum":["revoked","failed","pending","not_supported"]}"""),
        ["X-Credential-Id"] = Header("The credential the provider was called with: the answer is the provider's.", """{"type":"string"}"""),
        ["Retry-After"] = Header("Seconds to wait before trying again.", """{"type":"integer"}"""),
        ["WWW-Authenticate"] = Header("Bearer.", """{"type":"string"}"""),
    };

    /// <summary>The document for the functions of <paramref name="functionsAssembly"/> under <paramref name="routePrefix"/>.</summary>
    /// <exception cref="InvalidOperationException">A function has no operation, or an operation names no function.</exception>
    public static JsonObject Build(Assembly functionsAssembly, IReadOnlyList<ApiOperation> operations, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(functionsAssembly);
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(routePrefix);
        var functions = HttpFunctions(functionsAssembly).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var undescribed = functions.Keys.Except(operations.Select(o => o.FunctionName), StringComparer.Ordinal).ToList();
        var unknown = operations.Select(o => o.FunctionName).Except(functions.Keys, StringComparer.Ordinal).ToList();
        if (undescribed.Count > 0 || unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"OpenApi/ApiOperations.cs must hold one operation per HTTP function. Functions without one: [{string.Join(", ", undescribed)}]; operations naming no function: [{string.Join(", ", unknown)}].");
        }

        var schemas = new ContractSchemas();
        schemas.Add(ProblemSchema, JsonNode.Parse("""
            {"type":"object","description":"RFC 9457 problem details with the stable code extension (docs/errors.md).",
             "required":["type","title","status","code"],
             "properties":{"type":{"type":"string"},"title":{"type":"string"},"status":{"type":"integer"},"detail":{"type":["string","null"]},
               "code":{"type":"string"},"errors":{"type":"object","additionalProperties":{"type":"array","items":{"type":"string"}}},
               "traceId":{"type":"string"},"credentialId":{"type":"string"},"reason":{"type":["string","null"]},"checks":{"type":"array"}}}
            """)!);
        var paths = new JsonObject();
        foreach (var operation in operations)
        {
            var function = functions[operation.FunctionName];
            var path = PathTemplate(function.Route);
            var item = paths[path] as JsonObject ?? new JsonObject();
            paths[path] = item;
            foreach (var method in function.Methods)
            {
                item[method] = Operation(operation, function, schemas);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "Credentials service",
                ["version"] = "1.0",
                ["description"] = "Stores third-party credentials for a tenant's end users, runs OAuth flows, keeps tokens fresh and proxies calls. Errors are application/problem+json with a stable code (docs/errors.md).",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" + routePrefix.Trim('/') }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.ToJson(),
                ["securitySchemes"] = new JsonObject
                {
                    ["tenantKey"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "cred_live_<keyId>_<secret>", ["description"] = "A tenant's API key; the tenant comes only from it." },
                    ["adminKey"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "The platform admin key (Credentials__AdminApiKey)." },
                    ["connectToken"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "Connect-Token", ["description"] = "A connect session's token, from the fragment of the session's url; it acts only for that session's user." },
                },
            },
        };
    }

    /// <summary>The problem codes an operation may answer: its own, plus 401 for keyed routes and 500 for all.</summary>
    public static IReadOnlyList<string> ProblemCodes(ApiOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var codes = new List<string>(operation.Problems);
        if (operation.Access != ApiAccess.Anonymous)
        {
            // Every keyed route checks its key, counts failed attempts per client address, and (tenant keys) the key's rate.
            codes.Add(ErrorCodes.Unauthorized);
            codes.Add(ErrorCodes.RateLimited);
        }

        codes.Add(ErrorCodes.InternalError);
        return [.. codes.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The document's path for a function route: <c>{*path}</c> becomes <c>{path}</c> (marked <c>x-catch-all</c>), constraints go.</summary>
    public static string PathTemplate(string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return "/" + RouteParameter().Replace(route.Trim('/'), m => "{" + m.Groups["name"].Value + "}");
    }

    private static JsonObject Operation(ApiOperation operation, HttpFunction function, ContractSchemas schemas)
    {
        var parameters = new JsonArray();
        foreach (Match match in RouteParameter().Matches(function.Route))
        {
            var catchAll = match.Groups["star"].Success;
            var parameter = new JsonObject
            {
                ["name"] = match.Groups["name"].Value,
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string" },
            };
            if (catchAll)
            {
                parameter["description"] = "The rest of the path, slashes included, sent to the provider as written.";
                parameter["x-catch-all"] = true;
            }

            parameters.Add(parameter);
        }

        foreach (var parameter in operation.Parameters)
        {
            parameters.Add(parameter.ToJson());
        }

        var result = new JsonObject
        {
            ["operationId"] = operation.FunctionName,
            ["summary"] = operation.Summary,
        };
        if (operation.Description is not null)
        {
            result["description"] = operation.Description;
        }

        result["tags"] = new JsonArray(function.Tag);
        result["security"] = operation.Access switch
        {
            ApiAccess.Tenant => new JsonArray(new JsonObject { ["tenantKey"] = new JsonArray() }),
            ApiAccess.PlatformAdmin => new JsonArray(new JsonObject { ["adminKey"] = new JsonArray() }),
            ApiAccess.ConnectSession => new JsonArray(new JsonObject { ["connectToken"] = new JsonArray() }),
            _ => new JsonArray(),
        };
        if (parameters.Count > 0)
        {
            result["parameters"] = parameters;
        }

        if (operation.RequestSchema is { } requestSchema)
        {
            result["requestBody"] = new JsonObject
            {
                ["required"] = !operation.RequestOptional,
                ["content"] = new JsonObject { [requestSchema == "{}" ? "*/*" : "application/json"] = new JsonObject { ["schema"] = JsonNode.Parse(requestSchema) } },
            };
        }

        result["responses"] = Responses(operation, function, schemas);
        return result;
    }

    private static JsonObject Responses(ApiOperation operation, HttpFunction function, ContractSchemas schemas)
    {
        var described = operation.Responses.Count > 0 ? operation.Responses : [DefaultSuccess(function)];
        var responses = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var answer in described)
        {
            var response = new JsonObject { ["description"] = answer.Description };
            if (answer.Headers is { Count: > 0 } headers)
            {
                response["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h, (JsonNode?)KnownHeaders[h].DeepClone())));
            }

            if (answer.ContentType is { } contentType)
            {
                var media = new JsonObject();
                if (answer.Body is { } body)
                {
                    media["schema"] = schemas.Reference(body);
                }
                else if (contentType != "*/*")
                {
                    media["schema"] = JsonNode.Parse(contentType == "text/html" ? """{"type":"string"}""" : """{"type":"object"}""");
                }

                response["content"] = new JsonObject { [contentType] = media };
            }

            responses[answer.Status == ApiResponseDescription.AnyStatus ? "default" : answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }

        foreach (var group in ProblemCodes(operation).GroupBy(code => ApiResults.Describe(code).Status).OrderBy(g => g.Key))
        {
            var status = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var codes = group.ToList();
            var schema = new JsonObject
            {
                ["allOf"] = new JsonArray(
                    new JsonObject { ["$ref"] = ContractSchemas.Prefix + ProblemSchema },
                    new JsonObject { ["properties"] = new JsonObject { ["code"] = new JsonObject { ["enum"] = new JsonArray([.. codes.Select(c => (JsonNode)JsonValue.Create(c))]) } } }),
            };
            var response = responses.TryGetValue(status, out var existing) ? existing : new JsonObject { ["description"] = string.Join(", ", codes) };
            var content = response["content"] as JsonObject ?? new JsonObject();
            content["application/problem+json"] = new JsonObject { ["schema"] = schema };
            response["content"] = content;
            var headers = group.Key switch
            {
                401 => new[] { "WWW-Authenticate" },
                429 or 503 => ["Retry-After"],
                _ => [],
            };
            if (headers.Length > 0)
            {
                response["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h, (JsonNode?)KnownHeaders[h].DeepClone())));
            }

            responses[status] = response;
        }

        return new JsonObject(responses.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value)));
    }

    // 200 with the signature's body, or 204 for NoBody.
    private static ApiResponseDescription DefaultSuccess(HttpFunction function)
    {
        var body = BodyTypes(function.Method).Single();
        return body == typeof(NoBody) ? ApiResponseDescription.NoContent("Done.") : new ApiResponseDescription(200, "OK.", body);
    }

    /// <summary>The success body types a function's signature names: <c>ApiResponse&lt;T&gt;</c>'s T, or both of <c>ApiResponse&lt;TCreated, TOk&gt;</c>.</summary>
    public static IReadOnlyList<Type> BodyTypes(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var type = method.ReturnType;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
        {
            type = type.GetGenericArguments()[0];
        }

        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ApiResponse<>) || type.GetGenericTypeDefinition() == typeof(ApiResponse<,>))
            ? type.GetGenericArguments()
            : [];
    }

    /// <summary>Every HTTP function of <paramref name="assembly"/>: name, route, lower-case methods, method and tag.</summary>
    public static IReadOnlyList<HttpFunction> HttpFunctions(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return [.. from type in assembly.GetExportedTypes()
                   from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                   let function = method.GetCustomAttribute<FunctionAttribute>()
                   let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)
                   where function is not null && trigger is not null
                   orderby function.Name
                   select new HttpFunction(
                       function.Name,
                       trigger.Route ?? function.Name,
                       [.. (trigger.Methods ?? ["get"]).Select(m => m.ToLowerInvariant())],
                       method,
                       Tag(type.Name))];
    }

    private static string Tag(string typeName) => FunctionSuffix().Replace(typeName, string.Empty);

    private static JsonObject Header(string description, string schema) => new() { ["description"] = description, ["schema"] = JsonNode.Parse(schema) };

    [GeneratedRegex(@"\{(?<star>\*{1,2})?(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("Functions?$")]
    private static partial Regex FunctionSuffix();
}
