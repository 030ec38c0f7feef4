using System.Text.Json.Nodes;

namespace Credentials.Core.Connectors;

/// <summary>
/// The <c>sandbox</c> (OAuth 2.0) and <c>sandbox-key</c> (API key) connectors, offered with <c>Credentials__EnableSandbox</c> in
/// Development. Their provider is the small OAuth 2.0 server DevServer hosts under <see cref="PathSegment"/> of the service's own
/// public URL, so their URLs are built from <c>Credentials__PublicBaseUrl</c> rather than read from a catalogue file.
/// </summary>
public static class SandboxConnectors
{
    /// <summary>The OAuth 2.0 connector.</summary>
    public const string OAuthConnectorId = "sandbox";

    /// <summary>The API-key connector.</summary>
    public const string ApiKeyConnectorId = "sandbox-key";

    /// <summary>The first path segment of the provider, outside the functions' route prefix.</summary>
    public const string PathSegment = "sandbox";

    /// <summary>The one OAuth client the sandbox provider knows: put it as the tenant's auth config.</summary>
    public const string ClientId = "sandbox-client";

    /// <summary>The secret of <see cref="ClientId"/> (public: it guards nothing but a local toy).</summary>
    public const string ClientSecret = "sandbox-secret";

    /// <summary>API keys with this prefix are valid at the sandbox provider; any other key is refused (401).</summary>
    public const string ValidKeyPrefix = "sk_test_";

    /// <summary>The provider's paths under its base (<see cref="ProviderBase"/>).</summary>
    public static class Paths
    {
        /// <summary>The consent page (GET) and its form (POST).</summary>
        public const string Authorize = "oauth/authorize";

        /// <summary>The token endpoint (authorization_code, refresh_token).</summary>
        public const string Token = "oauth/token";

        /// <summary>RFC 7009 revocation.</summary>
        public const string Revoke = "oauth/revoke";

        /// <summary>The protected API's base; <c>GET {Api}/me</c> describes the caller.</summary>
        public const string Api = "api";

        /// <summary>A landing page that shows the query a tenant's redirect URI receives.</summary>
        public const string Connected = "connected";

        /// <summary>The failure switches (<c>POST control/fail</c>, <c>control/revoke-all</c>, <c>control/reset</c>).</summary>
        public const string Control = "control";
    }

    /// <summary>The provider's base URL (with a trailing slash) for a service reachable at <paramref name="publicBaseUrl"/>.</summary>
    public static Uri ProviderBase(Uri publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return new Uri(publicBaseUrl.AbsoluteUri.TrimEnd('/') + "/" + PathSegment + "/");
    }

    /// <summary>The issuer the provider names in <c>iss</c> (RFC 9207): its base URL without the trailing slash.</summary>
    public static string Issuer(Uri publicBaseUrl) => ProviderBase(publicBaseUrl).AbsoluteUri.TrimEnd('/');

    /// <summary>The two connector documents, as a catalogue file would hold them, for the provider at <paramref name="publicBaseUrl"/>.</summary>
    public static IReadOnlyList<(string Source, string Json)> Files(Uri publicBaseUrl)
    {
        var provider = ProviderBase(publicBaseUrl);
        string Url(string path) => new Uri(provider, path).AbsoluteUri;
        var api = new JsonObject
        {
            ["baseUrl"] = Url(Paths.Api),
            ["allowedHosts"] = new JsonArray(provider.Host),
            ["headers"] = new JsonObject(),
        };

        var oauth = new JsonObject
        {
            ["id"] = OAuthConnectorId,
            ["name"] = "Sandbox (OAuth 2.0)",
            ["description"] = "A local OAuth 2.0 provider hosted by DevServer: a consent page, access tokens of Credentials__SandboxTokenLifetime, rotating refresh tokens, revocation and GET /me. Development only.",
            ["categories"] = new JsonArray("developer-tools"),
            ["authenticationTypes"] = new JsonArray("oauth2"),
            ["oauth2"] = new JsonObject
            {
                ["authorizationUrl"] = Url(Paths.Authorize),
                ["tokenUrl"] = Url(Paths.Token),
                ["issuer"] = Issuer(publicBaseUrl),
                ["tokenRequestFormat"] = "form",
                ["tokenEndpointAuthMethod"] = "client_secret_basic",
                ["revocation"] = new JsonObject { ["type"] = "rfc7009", ["url"] = Url(Paths.Revoke), ["token"] = "refresh_token", ["authMethod"] = "client_secret_basic" },
                ["defaultScopes"] = new JsonArray("profile", "offline_access"),
                ["scopeSeparator"] = " ",
                ["pkce"] = true,
                ["authorizeParams"] = new JsonObject(),
                ["callbackMetadata"] = new JsonArray(),
                ["tokenResponseMetadata"] = new JsonArray(new JsonObject { ["name"] = "accountId", ["pointer"] = "/account_id", ["required"] = true, ["pattern"] = "^acct_[a-z0-9]{1,64}\\z" }),
                ["postConnect"] = new JsonArray(),
                ["refreshTokenRotates"] = true,
                ["deadGrantErrors"] = new JsonArray("invalid_grant"),
            },
            ["api"] = WithAuth(api, "oauth2", new JsonObject { ["type"] = "bearer" }),
        };

        var key = new JsonObject
        {
            ["id"] = ApiKeyConnectorId,
            ["name"] = "Sandbox (API key)",
            ["description"] = $"The sandbox provider's API with an API key: keys starting {ValidKeyPrefix} are valid, any other is refused. Development only.",
            ["categories"] = new JsonArray("developer-tools"),
            ["authenticationTypes"] = new JsonArray("apiKey"),
            ["fields"] = new JsonObject
            {
                ["apiKey"] = new JsonArray(new JsonObject
                {
                    ["name"] = "apiKey",
                    ["title"] = "API key",
                    ["description"] = $"Any key starting {ValidKeyPrefix} is valid at the sandbox provider.",
                    ["type"] = "string",
                    ["secret"] = true,
                    ["required"] = true,
                    ["pattern"] = "^[A-Za-z0-9_-]{8,200}\\z",
                    ["maxLength"] = 200,
                    ["example"] = ValidKeyPrefix + "example",
                }),
            },
            ["api"] = WithAuth(api.DeepClone().AsObject(), "apiKey", new JsonObject { ["type"] = "bearer", ["token"] = "{apiKey}" }, verify: true),
        };

        return [($"{OAuthConnectorId}.json", oauth.ToJsonString()), ($"{ApiKeyConnectorId}.json", key.ToJsonString())];
    }

    private static JsonObject WithAuth(JsonObject api, string authenticationType, JsonObject auth, bool verify = false)
    {
        api["auth"] = new JsonObject { [authenticationType] = auth };
        if (verify)
        {
            api["verification"] = new JsonObject { ["method"] = "GET", ["path"] = "/me" };
        }

        return api;
    }
}
