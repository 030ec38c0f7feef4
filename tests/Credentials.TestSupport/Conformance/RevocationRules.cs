using System.Net;
using System.Text.Json.Nodes;
using Credentials.Core.Connectors;

namespace Credentials.TestSupport.Conformance;

/// <summary>The provider's revocation endpoint in the shape the connector file declares (<c>rfc7009</c> or a provider's own <c>request</c>).</summary>
public static class RevocationRules
{
    /// <summary>True when <paramref name="request"/> is addressed to the declared revocation endpoint.</summary>
    public static bool IsRevocation(ProviderScenario scenario, ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(request);
        var revocation = scenario.Connector.OAuth2?.Revocation;
        return revocation is not null && scenario.AccessToken is not null
            && request.Method.Method == (revocation["method"]?.GetValue<string>() ?? "POST")
            && request.Uri.AbsoluteUri == new Uri(UrlTemplate.Expand(revocation["url"]!.GetValue<string>(), scenario.TemplateValues())).AbsoluteUri;
    }

    /// <summary>Checks the revocation request, records the token it revokes and answers as a provider does.</summary>
    public static HttpResponseMessage Answer(ProviderScenario scenario, ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(request);
        var revocation = scenario.Connector.OAuth2!.Revocation!;
        var values = scenario.TemplateValues();
        var wantsRefresh = revocation["token"]?.GetValue<string>() == "refresh_token" && scenario.RefreshToken is not null;
        var token = wantsRefresh ? scenario.RefreshToken! : scenario.AccessToken!;
        TokenEndpointRules.Expect(scenario, "revocation: User-Agent", request.Header("User-Agent"), scenario.ExpectedUserAgent);
        if (revocation["type"]?.GetValue<string>() == "rfc7009")
        {
            var body = request.ContentType == "application/x-www-form-urlencoded" ? request.BodyFields() : null;
            TokenEndpointRules.Expect(scenario, "revocation: token", body?.GetValueOrDefault("token"), token);
            TokenEndpointRules.Expect(scenario, "revocation: token_type_hint", body?.GetValueOrDefault("token_type_hint"), wantsRefresh ? "refresh_token" : "access_token");
            var post = revocation["authMethod"]?.GetValue<string>() == "client_secret_post";
            (string? Id, string? Secret) client = post ? (body?.GetValueOrDefault("client_id"), body?.GetValueOrDefault("client_secret"))
                : request.Basic(formEncoded: true) is { } basic ? (basic.User, basic.Password) : (null, null);
            if (client != (scenario.ClientId, scenario.ClientSecret) || (post && request.Headers.Authorization is not null))
            {
                scenario.Violation($"revocation: client authentication is not {revocation["authMethod"]} with the tenant's client");
            }
        }
        else
        {
            CheckAuth(scenario, request, revocation["auth"]?.GetValue<string>(), token);
            foreach (var (name, template) in Map(revocation["headers"]))
            {
                TokenEndpointRules.ExpectHeader(scenario, "revocation", request, name, UrlTemplate.Expand(template, values));
            }

            var declared = revocation["form"] is not null ? ("application/x-www-form-urlencoded", revocation["form"])
                : revocation["json"] is not null ? ("application/json", revocation["json"]) : ((string?)null, (JsonNode?)null);
            TokenEndpointRules.Expect(scenario, "revocation: body type", request.ContentType ?? "none", declared.Item1 ?? "none");
            var body = request.BodyFields();
            foreach (var (name, template) in Map(declared.Item2))
            {
                TokenEndpointRules.Expect(scenario, $"revocation: body field {name}", body?.GetValueOrDefault(name), UrlTemplate.Expand(template, values));
            }
        }

        scenario.Revoked.Add(token);
        return TokenEndpointRules.Json(HttpStatusCode.OK, new JsonObject { ["ok"] = true });
    }

    private static void CheckAuth(ProviderScenario scenario, ProviderRequest request, string? auth, string token)
    {
        var actual = request.Headers.Authorization?.ToString();
        switch (auth)
        {
            case "bearer":
                TokenEndpointRules.Expect(scenario, "revocation: Authorization", actual, $"Bearer {token}");
                break;
            case "client_basic":
                if (request.Basic(formEncoded: false) != (scenario.ClientId, scenario.ClientSecret))
                {
                    scenario.Violation("revocation: no HTTP Basic authentication with the tenant's client id and secret");
                }

                break;
            default:
                TokenEndpointRules.Expect(scenario, "revocation: Authorization", actual, null);
                break;
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Map(JsonNode? node)
        => node is JsonObject map ? map.Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.GetValue<string>())) : [];
}
