using System.Text.Json.Nodes;
using Credentials.Core.Configuration;
using Credentials.Functions.Http;
using Credentials.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Credentials.Functions.Api;

/// <summary>The API's OpenAPI 3.1 description, anonymous (the same document as docs/openapi.json).</summary>
public sealed class OpenApiFunction(ApiRoutes routes)
{
    private static readonly Lock Gate = new();
    private static (string Prefix, JsonObject Document)? built;

    /// <summary>The document, built once per process from the functions and <see cref="ApiOperations"/>.</summary>
    [Function("OpenApi")]
    public ApiResponse<JsonObject> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
        => ApiResponse.Ok(Document(routes.Prefix));

    /// <summary>The document for <paramref name="routePrefix"/>.</summary>
    public static JsonObject Document(string routePrefix)
    {
        lock (Gate)
        {
            if (built is not { } cached || cached.Prefix != routePrefix)
            {
                cached = (routePrefix, OpenApiDocumentBuilder.Build(typeof(OpenApiFunction).Assembly, ApiOperations.All, routePrefix));
                built = cached;
            }

            return cached.Document;
        }
    }
}
