using System.Text.Json.Nodes;
using Credentials.TestOAuthServer;

namespace Credentials.EndToEndTests.OAuth;

/// <summary>The connector file of an OAuth 2.0 connector backed by a <see cref="TestAuthorizationServer"/> (PKCE, rotating refresh tokens, RFC 7009 revocation).</summary>
public static class TestServerConnector
{
    /// <summary>The connector's JSON; <paramref name="tokenResponseMetadata"/> lists values read from the token response.</summary>
    public static JsonObject Json(string id, string name, TestAuthorizationServer server, string authMethod, JsonArray? tokenResponseMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["authenticationTypes"] = new JsonArray("oauth2"),
            ["oauth2"] = new JsonObject
            {
                ["authorizationUrl"] = server.AuthorizationEndpoint.AbsoluteUri,
                ["tokenUrl"] = server.TokenEndpoint.AbsoluteUri,
                ["issuer"] = server.Issuer.AbsoluteUri,
                ["tokenRequestFormat"] = "form",
                ["tokenEndpointAuthMethod"] = authMethod,
                ["revocation"] = new JsonObject { ["type"] = "rfc7009", ["url"] = server.RevocationEndpoint.AbsoluteUri, ["token"] = "refresh_token", ["authMethod"] = authMethod },
                ["defaultScopes"] = new JsonArray("read", "offline_access"),
                ["scopeSeparator"] = " ",
                ["pkce"] = true,
                ["authorizeParams"] = new JsonObject(),
                ["callbackMetadata"] = new JsonArray(),
                ["tokenResponseMetadata"] = tokenResponseMetadata ?? [],
                ["postConnect"] = new JsonArray(),
                ["refreshTokenRotates"] = true,
                ["deadGrantErrors"] = new JsonArray("invalid_grant"),
            },
            ["api"] = new JsonObject
            {
                ["baseUrl"] = server.Issuer.AbsoluteUri.TrimEnd('/'),
                ["allowedHosts"] = new JsonArray("127.0.0.1"),
                ["headers"] = new JsonObject(),
                ["auth"] = new JsonObject { ["oauth2"] = new JsonObject { ["type"] = "bearer" } },
            },
        };
    }
}
