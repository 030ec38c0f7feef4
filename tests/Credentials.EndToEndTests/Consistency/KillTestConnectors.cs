using System.Text.Json.Nodes;

namespace Credentials.EndToEndTests.Consistency;

/// <summary>
/// The two connector files of the kill test, written to a folder the service reads through <c>Credentials__ConnectorsPath</c>:
/// an API-key connector without a verification request and an OAuth 2.0 connector with revocation, both pointing at a
/// <see cref="LoopbackProvider"/>.
/// </summary>
public static class KillTestConnectors
{
    public const string ApiKey = "killtest-apikey";
    public const string OAuth = "killtest-oauth";
    public const string ClientId = "killtest-client";
    public const string ClientSecret = "killtest-client-secret";

    /// <summary>Writes both files into <paramref name="folder"/>.</summary>
    public static async Task WriteAsync(string folder, LoopbackProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var api = new JsonObject
        {
            ["baseUrl"] = provider.BaseUrl + "/",
            ["allowedHosts"] = new JsonArray("127.0.0.1"),
            ["headers"] = new JsonObject(),
            ["auth"] = new JsonObject { ["apiKey"] = new JsonObject { ["type"] = "header", ["name"] = "X-Api-Key", ["value"] = "{apiKey}" } },
        };
        var apiKey = new JsonObject
        {
            ["id"] = ApiKey,
            ["name"] = "Kill test (API key)",
            ["authenticationTypes"] = new JsonArray("apiKey"),
            ["fields"] = new JsonObject
            {
                ["apiKey"] = new JsonArray(new JsonObject { ["name"] = "apiKey", ["title"] = "API key", ["type"] = "string", ["secret"] = true, ["required"] = true }),
            },
            ["api"] = api,
        };

        var oauth = new JsonObject
        {
            ["id"] = OAuth,
            ["name"] = "Kill test (OAuth 2.0)",
            ["authenticationTypes"] = new JsonArray("oauth2"),
            ["oauth2"] = new JsonObject
            {
                ["authorizationUrl"] = provider.BaseUrl + "/authorize",
                ["tokenUrl"] = provider.BaseUrl + "/token",
                ["tokenRequestFormat"] = "form",
                ["tokenEndpointAuthMethod"] = "client_secret_basic",
                ["revocation"] = new JsonObject { ["type"] = "rfc7009", ["url"] = provider.BaseUrl + "/revoke", ["token"] = "refresh_token", ["authMethod"] = "client_secret_basic" },
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

        await File.WriteAllTextAsync(Path.Combine(folder, ApiKey + ".json"), apiKey.ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(folder, OAuth + ".json"), oauth.ToJsonString());
    }

    /// <summary>The service settings that give the OAuth connector a deployment-wide OAuth app (refreshes need one).</summary>
    public static IReadOnlyDictionary<string, string> Settings(string folder) => new Dictionary<string, string>
    {
        ["Credentials:ConnectorsPath"] = folder,
        [$"Credentials:Connectors:{OAuth}:ClientId"] = ClientId,
        [$"Credentials:Connectors:{OAuth}:ClientSecret"] = ClientSecret,
    };
}
