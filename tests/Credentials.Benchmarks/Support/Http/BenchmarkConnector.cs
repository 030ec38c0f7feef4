using System.Text.Json.Nodes;

namespace Credentials.Benchmarks.Support.Http;

/// <summary>
/// The OAuth 2.0 connector of the HTTP load section: a connector file (read through <c>Credentials__ConnectorsPath</c>) whose
/// token URL is a <see cref="RotatingTokenEndpoint"/>, with rotating refresh tokens, and a deployment-wide OAuth app for it.
/// </summary>
public static class BenchmarkConnector
{
    /// <summary>The connector id.</summary>
    public const string Id = "benchmark-oauth";

    /// <summary>Writes the connector file into <paramref name="folder"/>; returns the DevServer settings that load it.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> WriteAsync(string folder, RotatingTokenEndpoint provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var connector = new JsonObject
        {
            ["id"] = Id,
            ["name"] = "HTTP load benchmark (OAuth 2.0)",
            ["authenticationTypes"] = new JsonArray("oauth2"),
            ["oauth2"] = new JsonObject
            {
                ["authorizationUrl"] = provider.BaseUrl + "/authorize",
                ["tokenUrl"] = provider.BaseUrl + "/token",
                ["tokenRequestFormat"] = "form",
                ["tokenEndpointAuthMethod"] = "client_secret_basic",
                ["revocation"] = null,
                ["defaultScopes"] = new JsonArray("read"),
                ["scopeSeparator"] = " ",
                ["pkce"] = true,
                ["authorizeParams"] = new JsonObject(),
                ["callbackMetadata"] = new JsonArray(),
                ["tokenResponseMetadata"] = new JsonArray(),
                ["postConnect"] = new JsonArray(),
                ["refreshTokenRotates"] = true,
                ["deadGrantErrors"] = new JsonArray("invalid_grant"),
            },
            ["api"] = new JsonObject
            {
                ["baseUrl"] = provider.BaseUrl + "/",
                ["allowedHosts"] = new JsonArray("127.0.0.1"),
                ["headers"] = new JsonObject(),
                ["auth"] = new JsonObject { ["oauth2"] = new JsonObject { ["type"] = "bearer" } },
            },
        };
        await File.WriteAllTextAsync(Path.Combine(folder, Id + ".json"), connector.ToJsonString()).ConfigureAwait(false);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Credentials:ConnectorsPath"] = folder,
            [$"Credentials:Connectors:{Id}:ClientId"] = "benchmark-client",
            [$"Credentials:Connectors:{Id}:ClientSecret"] = "benchmark-client-secret",
        };
    }
}
