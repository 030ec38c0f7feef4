using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Credentials.Core.Connectors;
using Credentials.Core.Proxy;

namespace Credentials.TestSupport.Conformance;

/// <summary>
/// The provider's API: a protected endpoint under the connector's base URL that accepts a request only when the credential is applied
/// exactly as <c>api.auth</c> declares for the credential's type (bearer, header, query, basic, or an OAuth 1.0a HMAC-SHA256 signature
/// it verifies), with the declared <c>api.headers</c> and a User-Agent.
/// </summary>
public static class ApiRules
{
    /// <summary>True when <paramref name="request"/> goes to the connector's API (same scheme, host and port, under the base path).</summary>
    public static bool IsApi(ProviderScenario scenario, ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(request);
        if (scenario.Connector.Api?.BaseUrl is not { } template)
        {
            return false;
        }

        Uri baseUri;
        try
        {
            baseUri = new Uri(UrlTemplate.Expand(template, scenario.TemplateValues()));
        }
        catch (TemplateValueMissingException)
        {
            return false;
        }

        var basePath = baseUri.AbsolutePath.TrimEnd('/') + "/";
        return request.Uri.GetLeftPart(UriPartial.Authority) == baseUri.GetLeftPart(UriPartial.Authority)
            && (request.Uri.AbsolutePath + "/").StartsWith(basePath, StringComparison.Ordinal);
    }

    /// <summary>200 when the credential is applied as declared, 401 when it is not (a wrong or misplaced secret), 503 while the provider is down.</summary>
    public static HttpResponseMessage Answer(ProviderScenario scenario, ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(request);
        if (scenario.ApiDown)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }

        var api = scenario.Connector.Api!;
        var values = scenario.TemplateValues();
        TokenEndpointRules.Expect(scenario, "api: User-Agent", request.Header("User-Agent"), scenario.ExpectedUserAgent);
        foreach (var (name, template) in api.Headers)
        {
            TokenEndpointRules.ExpectHeader(scenario, "api", request, name, UrlTemplate.Expand(template, values));
        }

        var refusal = Refusal(scenario, request, api.Auth[scenario.AuthenticationType], values);
        if (refusal is not null)
        {
            scenario.LastRefusal = $"api: {refusal}";
            return new HttpResponseMessage(HttpStatusCode.Unauthorized);
        }

        scenario.AcceptedApiCalls++;
        return TokenEndpointRules.Json(HttpStatusCode.OK, new JsonObject { ["ok"] = true });
    }

    private static string? Refusal(ProviderScenario scenario, ProviderRequest request, JsonObject auth, IReadOnlyDictionary<string, string> values)
    {
        string Expand(string property) => UrlTemplate.Expand(auth[property]!.GetValue<string>(), values);
        var authorization = request.Headers.Authorization?.ToString();
        switch (auth["type"]!.GetValue<string>())
        {
            case "bearer":
                var token = auth["token"] is null ? scenario.AccessToken : Expand("token");
                return authorization == $"Bearer {token}" ? null : "no Authorization: Bearer with the credential's token";
            case "header":
                var name = auth["name"]!.GetValue<string>();
                return request.Header(name) == Expand("value") ? null : $"header {name} does not carry the credential";
            case "query":
                var parameter = auth["name"]!.GetValue<string>();
                return request.Query().GetValueOrDefault(parameter) == Expand("value") ? null : $"query parameter {parameter} does not carry the credential";
            case "basic":
                var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Expand("username")}:{Expand("password")}"));
                return authorization == $"Basic {expected}" ? null : "no Authorization: Basic with the credential";
            case "oauth1":
                return OAuth1Refusal(request, Expand("realm"), Expand("consumerKey"), Expand("consumerSecret"), Expand("token"), Expand("tokenSecret"));
            default:
                return $"unknown auth type {auth["type"]}";
        }
    }

    // RFC 5849 3.4: recompute the HMAC-SHA256 signature over the request as received.
    private static string? OAuth1Refusal(ProviderRequest request, string realm, string consumerKey, string consumerSecret, string token, string tokenSecret)
    {
        if (request.Headers.Authorization is not { Scheme: "OAuth", Parameter: { } header })
        {
            return "no Authorization: OAuth";
        }

        var parameters = header.Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Trim('"')), StringComparer.Ordinal);
        if (parameters.GetValueOrDefault("realm") != realm || parameters.GetValueOrDefault("oauth_consumer_key") != consumerKey
            || parameters.GetValueOrDefault("oauth_token") != token || parameters.GetValueOrDefault("oauth_signature_method") != OAuth1Signer.SignatureMethod)
        {
            return "the OAuth 1.0a realm, consumer key, token or signature method is not the credential's";
        }

        var signed = parameters.Where(p => p.Key.StartsWith("oauth_", StringComparison.Ordinal) && p.Key != "oauth_signature");
        var baseString = OAuth1SignatureBase.Build(request.Method.Method, request.Uri, signed);
        return OAuth1Signer.Sign(baseString, consumerSecret, tokenSecret) == parameters.GetValueOrDefault("oauth_signature") ? null : "the OAuth 1.0a signature does not verify";
    }
}
