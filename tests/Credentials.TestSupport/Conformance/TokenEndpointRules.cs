using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credentials.Core.Connectors;
using Credentials.Core.OAuth;

namespace Credentials.TestSupport.Conformance;

/// <summary>
/// The provider's token endpoint as the connector file describes it: the declared body format and client authentication method
/// (another one is <c>invalid_client</c>), the extra headers and <c>tokenRequestParams</c>, PKCE required or refused, single-use
/// codes, refresh tokens that rotate or not, token-response metadata at the declared pointers, access tokens carrying the declared
/// claims, and errors (in a 200 body where declared) with the file's dead-grant code.
/// </summary>
public static class TokenEndpointRules
{
    /// <summary>Answers a token request.</summary>
    public static HttpResponseMessage Answer(ProviderScenario scenario, ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(request);
        var settings = scenario.Connector.OAuth2!;
        var expectedType = settings.TokenRequestFormat == "json" ? "application/json" : "application/x-www-form-urlencoded";
        if (request.Method != HttpMethod.Post || request.ContentType != expectedType || request.BodyFields() is not { } body)
        {
            scenario.Violation($"token: {request.Method} with a {request.ContentType ?? "missing"} body, the file says POST {expectedType}");
            return Error(scenario, HttpStatusCode.BadRequest, "invalid_request");
        }

        if (ClientProblem(scenario, settings, request, body) is { } clientProblem)
        {
            scenario.Violation($"token: {clientProblem}");
            return Error(scenario, HttpStatusCode.Unauthorized, "invalid_client");
        }

        var values = scenario.TemplateValues();
        foreach (var (name, template) in settings.TokenRequestHeaders)
        {
            ExpectHeader(scenario, "token", request, name, UrlTemplate.Expand(template, values));
        }

        foreach (var (name, template) in settings.TokenRequestParams)
        {
            Expect(scenario, $"token: parameter {name}", body.GetValueOrDefault(name), UrlTemplate.Expand(template, values));
        }

        Expect(scenario, "token: User-Agent", request.Header("User-Agent"), scenario.ExpectedUserAgent);
        return body.GetValueOrDefault("grant_type") switch
        {
            "authorization_code" => Exchange(scenario, settings, body),
            "refresh_token" => Refresh(scenario, settings, body),
            var other => Unexpected(scenario, $"token: grant_type '{other}'"),
        };
    }

    private static HttpResponseMessage Exchange(ProviderScenario scenario, OAuth2Settings settings, IReadOnlyDictionary<string, string> body)
    {
        scenario.CodeExchanges++;
        var code = body.GetValueOrDefault("code") ?? string.Empty;
        if (!scenario.Codes.Remove(code, out var challenge))
        {
            scenario.Violation("token: an unknown or already redeemed authorization code");
            return Error(scenario, HttpStatusCode.BadRequest, "invalid_grant");
        }

        Expect(scenario, "token: redirect_uri", body.GetValueOrDefault("redirect_uri"), scenario.CallbackUrl);
        var verifier = body.GetValueOrDefault("code_verifier");
        if (settings.Pkce && (verifier is null || challenge is null || !AuthorizationRules.MatchesChallenge(challenge, verifier)))
        {
            scenario.Violation("token: the code_verifier is missing or does not match the challenge although the file requires PKCE");
            return Error(scenario, HttpStatusCode.BadRequest, "invalid_grant");
        }

        if (!settings.Pkce && verifier is not null)
        {
            // Slack answers pkce_not_allowed to apps that did not turn PKCE on.
            scenario.Violation("token: a code_verifier was sent although the file says the provider refuses PKCE");
            return Error(scenario, HttpStatusCode.BadRequest, "invalid_request");
        }

        var response = Issue(scenario, settings, newRefreshToken: true);
        var document = ProviderDocument.Build(response, settings.TokenResponseMetadata);
        Remember(scenario, ProviderMetadataReader.FromJson(settings.TokenResponseMetadata, JsonSerializer.SerializeToElement(document), []));
        return Json(HttpStatusCode.OK, document);
    }

    private static HttpResponseMessage Refresh(ProviderScenario scenario, OAuth2Settings settings, IReadOnlyDictionary<string, string> body)
    {
        scenario.Refreshes++;
        var presented = body.GetValueOrDefault("refresh_token") ?? string.Empty;
        if (!scenario.LiveRefreshTokens.Contains(presented))
        {
            scenario.Violation(presented == string.Empty ? "token: refresh without a refresh token" : "token: a refresh token that was rotated away or never issued");
            return Error(scenario, HttpStatusCode.BadRequest, settings.DeadGrantErrors[0]);
        }

        if (scenario.NextRefreshError is { } dead)
        {
            scenario.NextRefreshError = null;
            scenario.LiveRefreshTokens.Clear();
            return Error(scenario, HttpStatusCode.BadRequest, dead);
        }

        if (settings.RefreshTokenRotates)
        {
            scenario.LiveRefreshTokens.Remove(presented);
        }

        return Json(HttpStatusCode.OK, Issue(scenario, settings, newRefreshToken: settings.RefreshTokenRotates));
    }

    private static JsonObject Issue(ProviderScenario scenario, OAuth2Settings settings, bool newRefreshToken)
    {
        scenario.AccessToken = AccessToken(scenario, settings);
        var response = new JsonObject { ["access_token"] = scenario.AccessToken, ["token_type"] = "Bearer", ["expires_in"] = 3600 };
        if (newRefreshToken)
        {
            scenario.RefreshToken = scenario.NewToken("rt");
            scenario.LiveRefreshTokens.Add(scenario.RefreshToken);
            response["refresh_token"] = scenario.RefreshToken;
        }

        return response;
    }

    // A JWT carrying the declared claims when the file reads any (Xero's authentication_event_id), an opaque token otherwise.
    private static string AccessToken(ProviderScenario scenario, OAuth2Settings settings)
    {
        if (settings.AccessTokenClaims.Count == 0)
        {
            return scenario.NewToken("at");
        }

        var claims = new JsonObject { ["jti"] = scenario.NewToken("jti") };
        foreach (var claim in settings.AccessTokenClaims)
        {
            var value = SampleValues.For(claim.Name, claim.Pattern, claim.Example);
            claims[claim.Claim] = value;
            Remember(scenario, new Dictionary<string, string> { [claim.Name] = value });
        }

        static string Part(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        return $"{Part("""{"alg":"RS256","typ":"JWT"}""")}.{Part(claims.ToJsonString())}.{Part("signature")}";
    }

    private static string? ClientProblem(ProviderScenario scenario, OAuth2Settings settings, ProviderRequest request, IReadOnlyDictionary<string, string> body)
    {
        var basic = request.Basic(formEncoded: true);
        if (settings.TokenEndpointAuthMethod == "client_secret_basic")
        {
            return basic != (scenario.ClientId, scenario.ClientSecret) ? "client authentication is not client_secret_basic with the tenant's client"
                : body.ContainsKey("client_secret") ? "client_secret in the body although the file says client_secret_basic"
                : null;
        }

        return basic is not null ? "an Authorization header although the file says client_secret_post"
            : body.GetValueOrDefault("client_id") != scenario.ClientId || body.GetValueOrDefault("client_secret") != scenario.ClientSecret
                ? "client authentication is not client_secret_post with the tenant's client"
                : null;
    }

    internal static void Remember(ProviderScenario scenario, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (name, value) in metadata)
        {
            scenario.Values[name] = value;
            scenario.ExpectedMetadata[name] = value;
        }
    }

    internal static void Expect(ProviderScenario scenario, string what, string? actual, string? expected)
    {
        if (actual != expected)
        {
            scenario.Violation($"{what} is '{actual}', the file says '{expected}'");
        }
    }

    internal static void ExpectHeader(ProviderScenario scenario, string where, ProviderRequest request, string name, string expected)
    {
        if (!request.HasHeaderValue(name, expected))
        {
            scenario.Violation($"{where}: header {name} is '{request.Header(name)}', the file says '{expected}'");
        }
    }

    private static HttpResponseMessage Unexpected(ProviderScenario scenario, string what)
    {
        scenario.Violation(what);
        return Error(scenario, HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    // Providers that declare errorsIn200 (Slack, GitHub) answer errors with HTTP 200 and an error member.
    private static HttpResponseMessage Error(ProviderScenario scenario, HttpStatusCode status, string error)
    {
        scenario.LastRefusal = $"token endpoint answered {error}";
        var body = new JsonObject { ["ok"] = false, ["error"] = error };
        return Json(scenario.Connector.OAuth2!.ErrorsIn200 ? HttpStatusCode.OK : status, body);
    }

    internal static HttpResponseMessage Json(HttpStatusCode status, JsonNode body)
        => new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
