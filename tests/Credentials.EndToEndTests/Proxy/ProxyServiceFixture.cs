using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.DevServer.Storage;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests.Proxy;

/// <summary>
/// The service plus a recording provider API on 127.0.0.1. Connector files written to a test folder
/// (<c>Credentials__ConnectorsPath</c>, loadable because the fixture allows insecure loopback) point at it, one per way of applying a
/// credential, plus one with a verification request, one whose port is closed, one whose base URL comes from a field, and two
/// OAuth 2.0 connectors whose RFC 7009 revocation endpoint succeeds or fails. Proxied calls time out after 3 seconds.
/// </summary>
public class ProxyServiceFixture : ServiceFixture
{
    public const string HeaderConnector = "testproxy-header";
    public const string QueryConnector = "testproxy-query";
    public const string BasicConnector = "testproxy-basic";
    public const string OAuth1Connector = "testproxy-oauth1";
    public const string VerifiedConnector = "testproxy-verified";
    public const string DownConnector = "testproxy-down";
    public const string TemplatedConnector = "testproxy-templated";
    public const string OAuthConnector = "testproxy-oauth";
    public const string OAuthRevocationFailsConnector = "testproxy-oauth-revfail";
    public const string ClientId = "proxy-client";
    public const string ClientSecret = "proxy-client-secret-CANARY-5c1e";

    private string folder = string.Empty;

    public UpstreamServer Upstream { get; private set; } = null!;

    /// <summary>A loopback port nothing listens on.</summary>
    public int ClosedPort { get; } = AzuriteLaunchOptions.FreeLoopbackPort();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Credentials:ConnectorsPath"] = folder,
        ["Credentials:ProxyTimeoutSeconds"] = "3",
        [$"Credentials:Connectors:{OAuthConnector}:ClientId"] = ClientId,
        [$"Credentials:Connectors:{OAuthConnector}:ClientSecret"] = ClientSecret,
        [$"Credentials:Connectors:{OAuthRevocationFailsConnector}:ClientId"] = ClientId,
        [$"Credentials:Connectors:{OAuthRevocationFailsConnector}:ClientSecret"] = ClientSecret,
    };

    /// <summary>A new tenant and user, with a client presenting the tenant's key.</summary>
    public async Task<(HttpClient Api, string UserId)> TenantAsync()
    {
        var (_, key) = await CreateTenantAsync("Proxy tenant");
        var api = WithKey(key);
        return (api, await CreateUserAsync(api, "proxy-user"));
    }

    /// <summary>Creates a credential and returns its id (asserting 201).</summary>
    public static async Task<string> CreateCredentialAsync(HttpClient api, string userId, string connectorId, string authenticationType, object data)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.PostAsJsonAsync("credentials", new { userId, connectorId, authenticationType, data });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString()!;
    }

    protected override async Task BeforeStartAsync(Uri publicBaseUrl)
    {
        Upstream = await UpstreamServer.StartAsync();
        folder = Directory.CreateTempSubdirectory("proxy-connectors-").FullName;
        var apiKeyField = Field("apiKey", secret: true);

        await WriteAsync(HeaderConnector, "apiKey", [apiKeyField], Api(Upstream.BaseUrl, "apiKey", new JsonObject { ["type"] = "header", ["name"] = "X-Api-Key", ["value"] = "{apiKey}" }, withHeaders: true));
        await WriteAsync(QueryConnector, "apiKey", [Field("apiKey", secret: true)], Api(Upstream.BaseUrl, "apiKey", new JsonObject { ["type"] = "query", ["name"] = "api_key", ["value"] = "{apiKey}" }));
        await WriteAsync(BasicConnector, "basic", [Field("username", secret: false), Field("password", secret: true)], Api(Upstream.BaseUrl, "basic", new JsonObject { ["type"] = "basic", ["username"] = "{username}", ["password"] = "{password}" }));
        await WriteAsync(
            OAuth1Connector,
            "custom",
            [Field("accountId", secret: false, pattern: "^[A-Z0-9]{1,32}(_[A-Z0-9]{1,16})?\\z"), Field("consumerKey", secret: true), Field("consumerSecret", secret: true), Field("tokenId", secret: true), Field("tokenSecret", secret: true)],
            Api(Upstream.BaseUrl, "custom", new JsonObject
            {
                ["type"] = "oauth1", ["signatureMethod"] = "HMAC-SHA256", ["realm"] = "{accountId}", ["consumerKey"] = "{consumerKey}",
                ["consumerSecret"] = "{consumerSecret}", ["token"] = "{tokenId}", ["tokenSecret"] = "{tokenSecret}",
            }));

        var verifiedApi = Api(Upstream.BaseUrl, "apiKey", new JsonObject { ["type"] = "header", ["name"] = "X-Api-Key", ["value"] = "{apiKey}" });
        verifiedApi["verification"] = new JsonObject { ["method"] = "GET", ["path"] = "/verify" };
        await WriteAsync(VerifiedConnector, "apiKey", [Field("apiKey", secret: true)], verifiedApi);

        var downApi = Api($"http://127.0.0.1:{ClosedPort}", "apiKey", new JsonObject { ["type"] = "header", ["name"] = "X-Api-Key", ["value"] = "{apiKey}" });
        downApi["verification"] = new JsonObject { ["method"] = "GET", ["path"] = "/verify" };
        await WriteAsync(DownConnector, "apiKey", [Field("apiKey", secret: true)], downApi);

        await WriteAsync(
            TemplatedConnector,
            "apiKey",
            [Field("apiBase", secret: false, pattern: "^http://[a-z0-9.]+:[0-9]{1,5}\\z"), Field("apiKey", secret: true)],
            Api("{apiBase}", "apiKey", new JsonObject { ["type"] = "header", ["name"] = "X-Api-Key", ["value"] = "{apiKey}" }));

        await WriteOAuthAsync(OAuthConnector, "/revoke");
        await WriteOAuthAsync(OAuthRevocationFailsConnector, "/revoke-fail");
    }

    protected override async Task AfterStopAsync()
    {
        await Upstream.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static JsonObject Field(string name, bool secret, string? pattern = null)
    {
        var field = new JsonObject { ["name"] = name, ["title"] = name, ["type"] = "string", ["secret"] = secret, ["required"] = true };
        if (pattern is not null)
        {
            field["pattern"] = pattern;
        }

        return field;
    }

    private static JsonObject Api(string baseUrl, string authenticationType, JsonObject auth, bool withHeaders = false) => new()
    {
        ["baseUrl"] = baseUrl.StartsWith('{') ? baseUrl : baseUrl + "/",
        ["allowedHosts"] = new JsonArray("127.0.0.1"),
        ["headers"] = withHeaders ? new JsonObject { ["X-Api-Version"] = "2024-01" } : new JsonObject(),
        ["auth"] = new JsonObject { [authenticationType] = auth },
    };

    private Task WriteAsync(string id, string authenticationType, JsonNode[] fields, JsonObject api)
        => WriteFileAsync(new JsonObject
        {
            ["id"] = id,
            ["name"] = $"Test proxy ({id})",
            ["authenticationTypes"] = new JsonArray(authenticationType),
            ["fields"] = new JsonObject { [authenticationType] = new JsonArray(fields) },
            ["api"] = api,
        });

    private Task WriteOAuthAsync(string id, string revocationPath)
        => WriteFileAsync(new JsonObject
        {
            ["id"] = id,
            ["name"] = $"Test proxy ({id})",
            ["authenticationTypes"] = new JsonArray("oauth2"),
            ["oauth2"] = new JsonObject
            {
                ["authorizationUrl"] = $"{Upstream.BaseUrl}/authorize",
                ["tokenUrl"] = $"{Upstream.BaseUrl}/token",
                ["tokenRequestFormat"] = "form",
                ["tokenEndpointAuthMethod"] = "client_secret_basic",
                ["revocation"] = new JsonObject { ["type"] = "rfc7009", ["url"] = Upstream.BaseUrl + revocationPath, ["token"] = "refresh_token", ["authMethod"] = "client_secret_basic" },
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
            ["api"] = Api(Upstream.BaseUrl, "oauth2", new JsonObject { ["type"] = "bearer" }),
        });

    private Task WriteFileAsync(JsonObject connector)
        => File.WriteAllTextAsync(Path.Combine(folder, connector["id"]!.GetValue<string>() + ".json"), connector.ToJsonString());
}

[CollectionDefinition(Name)]
public sealed class ProxyCollection : ICollectionFixture<ProxyServiceFixture>
{
    public const string Name = "proxy";
}
