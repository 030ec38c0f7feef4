using System.Net;
using System.Security.Cryptography;
using System.Text;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace Credentials.TestOAuthServer.Tests;

/// <summary>Client-side helpers: PKCE, authorization URLs, redirects, token requests through Duende.IdentityModel.</summary>
internal static class OAuthFlow
{
    public const string Scope = "read offline_access";

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url);
        var challenge = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return (verifier, challenge);
    }

    public static string NewState() => CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url);

    public static Uri AuthorizeUrl(TestAuthorizationServer server, TestClient client, string state, string? codeChallenge,
        string codeChallengeMethod = OidcConstants.CodeChallengeMethods.Sha256, string scope = Scope) =>
        new(new RequestUrl(server.AuthorizationEndpoint.ToString()).CreateAuthorizeUrl(
            clientId: client.ClientId,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: scope,
            redirectUri: client.RedirectUris[0].ToString(),
            state: state,
            codeChallenge: codeChallenge,
            codeChallengeMethod: codeChallenge is null ? null : codeChallengeMethod));

    /// <summary>An HttpClient that does not follow redirects, optionally with a cookie jar.</summary>
    public static HttpClient NoRedirectClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() });

    public static Dictionary<string, string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => Uri.UnescapeDataString(kv[0]), kv => kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty, StringComparer.Ordinal);

    /// <summary>Runs the auto-approved authorization request and returns the redirect's query parameters.</summary>
    public static async Task<Dictionary<string, string>> AuthorizeAsync(HttpClient http, TestAuthorizationServer server, TestClient client, string state, string? codeChallenge)
    {
        using var response = await http.GetAsync(AuthorizeUrl(server, client, state, codeChallenge));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(client.RedirectUris[0].ToString(), location.ToString(), StringComparison.Ordinal);
        return Query(location);
    }

    public static ClientCredentialStyle StyleOf(ClientAuthentication method) =>
        method == ClientAuthentication.Basic ? ClientCredentialStyle.AuthorizationHeader : ClientCredentialStyle.PostBody;

    public static Task<TokenResponse> ExchangeCodeAsync(HttpClient http, TestAuthorizationServer server, TestClient client, string code, string verifier, ClientCredentialStyle? style = null) =>
        http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = server.TokenEndpoint.ToString(),
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientCredentialStyle = style ?? StyleOf(client.Method),
            Code = code,
            RedirectUri = client.RedirectUris[0].ToString(),
            CodeVerifier = verifier,
        });

    public static Task<TokenResponse> RefreshAsync(HttpClient http, TestAuthorizationServer server, TestClient client, string refreshToken) =>
        http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = server.TokenEndpoint.ToString(),
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientCredentialStyle = StyleOf(client.Method),
            RefreshToken = refreshToken,
        });

    /// <summary>The OAuth <c>error</c> code of a response. Duende's <c>Error</c> is the HTTP reason phrase for any status but 400 (for example 401 invalid_client), so read the JSON body.</summary>
    public static string? OAuthError(ProtocolResponse response) =>
        response.Json is { ValueKind: System.Text.Json.JsonValueKind.Object } json && json.TryGetProperty("error", out var error)
            ? error.GetString()
            : null;

    /// <summary>Authorize (auto-approve) and exchange the code: the usual start of a test.</summary>
    public static async Task<TokenResponse> ObtainTokensAsync(HttpClient http, TestAuthorizationServer server, TestClient client)
    {
        var (verifier, challenge) = NewPkce();
        var query = await AuthorizeAsync(http, server, client, NewState(), challenge);
        var tokens = await ExchangeCodeAsync(http, server, client, query["code"], verifier);
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        return tokens;
    }
}
