using System.Security.Cryptography;
using System.Text;
using System.Web;
using Credentials.Core.Connectors;

namespace Credentials.TestSupport.Conformance;

/// <summary>The provider's authorization endpoint, as a browser reaches it: checks the authorization URL the service built and answers with the callback query.</summary>
public static class AuthorizationRules
{
    /// <summary>
    /// Checks <paramref name="authorizationUrl"/> against the connector file (endpoint, client, redirect URI, scopes and separator, PKCE
    /// required or refused, extra parameters) and returns the query the provider redirects back with: code, state, the declared
    /// callback metadata and <c>iss</c> when an issuer is declared. Broken rules are recorded as violations.
    /// </summary>
    public static string Authorize(ProviderScenario scenario, Uri authorizationUrl)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(authorizationUrl);
        var settings = scenario.Connector.OAuth2 ?? throw new InvalidOperationException("Not an OAuth connector.");
        var expected = new Uri(UrlTemplate.Expand(settings.AuthorizationUrl, scenario.Values));
        if (authorizationUrl.GetLeftPart(UriPartial.Path) != expected.GetLeftPart(UriPartial.Path))
        {
            scenario.Violation($"authorize: sent to {authorizationUrl.GetLeftPart(UriPartial.Path)}, the file says {expected.GetLeftPart(UriPartial.Path)}");
        }

        var query = HttpUtility.ParseQueryString(authorizationUrl.Query);
        void Expect(string name, string? value)
        {
            if (query[name] != value)
            {
                scenario.Violation($"authorize: {name} is '{query[name]}', expected '{value}'");
            }
        }

        foreach (var name in HttpUtility.ParseQueryString(expected.Query).AllKeys.Where(k => k is not null))
        {
            Expect(name!, HttpUtility.ParseQueryString(expected.Query)[name]);
        }

        Expect("client_id", scenario.ClientId);
        Expect("response_type", "code");
        Expect("redirect_uri", scenario.CallbackUrl);
        Expect("scope", settings.DefaultScopes.Count == 0 ? null : string.Join(settings.ScopeSeparator, settings.DefaultScopes));
        foreach (var (name, template) in settings.AuthorizeParams)
        {
            Expect(name, UrlTemplate.Expand(template, scenario.Values));
        }

        var challenge = query["code_challenge"];
        if (settings.Pkce)
        {
            Expect("code_challenge_method", "S256");
            if (string.IsNullOrEmpty(challenge))
            {
                scenario.Violation("authorize: no code_challenge although the file requires PKCE");
            }
        }
        else if (challenge is not null || query["code_challenge_method"] is not null)
        {
            scenario.Violation("authorize: PKCE sent although the file says the provider refuses it");
        }

        var code = scenario.NewToken("code");
        scenario.Codes[code] = challenge;
        var callback = HttpUtility.ParseQueryString(string.Empty);
        callback["code"] = code;
        callback["state"] = query["state"];
        foreach (var item in settings.CallbackMetadata)
        {
            var value = SampleValues.For(item.Name, item.Pattern, item.Example);
            callback[item.Param] = value;
            scenario.Values[item.Name] = value;
            scenario.ExpectedMetadata[item.Name] = value;
        }

        if (settings.Issuer is { } issuer)
        {
            callback["iss"] = UrlTemplate.Expand(issuer, scenario.Values);
        }

        return callback.ToString()!;
    }

    /// <summary>True when <paramref name="verifier"/> is the S256 verifier of <paramref name="challenge"/>.</summary>
    public static bool MatchesChallenge(string challenge, string verifier)
        => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) == challenge;
}
