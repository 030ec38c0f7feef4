using System.Net;
using System.Text.RegularExpressions;
using Duende.IdentityModel;

namespace Credentials.TestOAuthServer.Tests;

/// <summary>The login and consent pages driven by a plain HttpClient with a cookie jar.</summary>
public sealed partial class InteractiveFlowTests : IAsyncLifetime
{
    private readonly CookieContainer _cookies = new();
    private HttpClient _http = null!;
    private TestAuthorizationServer _server = null!;
    private TestClient _client = null!;

    public async Task InitializeAsync()
    {
        _http = OAuthFlow.NoRedirectClient(_cookies);
        _client = new TestClient("web-client", "web-secret", ClientAuthentication.Basic, [new Uri("/client/landed", UriKind.Relative)]);
        var options = new TestAuthorizationServerOptions();
        options.Clients.Add(_client);
        _server = await TestAuthorizationServer.StartAsync(options);
        _client = _client with { RedirectUris = [_server.ClientLandingPage] };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task LoginThenAllowRedirectsWithACodeThatRedeemsForTheUser()
    {
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var consentPage = await SignInAsync(OAuthFlow.AuthorizeUrl(_server, _client, "st", challenge), "alice", "wonderland");
        Assert.Contains("id=\"allow\"", consentPage, StringComparison.Ordinal);
        Assert.Contains("id=\"deny\"", consentPage, StringComparison.Ordinal);

        var query = await SubmitConsentAsync(consentPage, "allow");

        Assert.Equal("st", query["state"]);
        Assert.Equal(_server.Issuer.ToString(), query["iss"]);
        var tokens = await OAuthFlow.ExchangeCodeAsync(_http, _server, _client, query["code"], verifier);
        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);

        using var request = new HttpRequestMessage(HttpMethod.Get, _server.ApiEndpoint);
        request.Headers.Authorization = new("Bearer", tokens.AccessToken);
        using var me = await _http.SendAsync(request);
        Assert.Contains("\"sub\":\"alice\"", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DenyRedirectsWithAccessDenied()
    {
        var consentPage = await SignInAsync(OAuthFlow.AuthorizeUrl(_server, _client, "st2", OAuthFlow.NewPkce().Challenge), "alice", "wonderland");

        var query = await SubmitConsentAsync(consentPage, "deny");

        Assert.Equal(OidcConstants.AuthorizeErrors.AccessDenied, query["error"]);
        Assert.Equal("st2", query["state"]);
        Assert.Equal(_server.Issuer.ToString(), query["iss"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task WrongPasswordShowsTheLoginFormAgainWithoutSigningIn()
    {
        var authorize = OAuthFlow.AuthorizeUrl(_server, _client, "st3", OAuthFlow.NewPkce().Challenge);
        using var first = await _http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var loginUrl = new Uri(_server.Issuer, first.Headers.Location!);

        using var login = await _http.PostAsync(loginUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "alice",
            ["password"] = "wrong",
            ["returnUrl"] = OAuthFlow.Query(loginUrl)["returnUrl"],
        }));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("id=\"login\"", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = await _http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith("/account/login", again.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>GET authorize (redirected to login), GET the login form, POST credentials, follow back to authorize; returns the consent page.</summary>
    private async Task<string> SignInAsync(Uri authorizeUrl, string username, string password)
    {
        using var authorize = await _http.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var loginUrl = new Uri(_server.Issuer, authorize.Headers.Location!);
        Assert.Equal("/account/login", loginUrl.AbsolutePath);

        var loginPage = await _http.GetStringAsync(loginUrl);
        Assert.Contains("id=\"login\"", loginPage, StringComparison.Ordinal);
        var form = HiddenInputs(loginPage);
        form["username"] = username;
        form["password"] = password;

        using var login = await _http.PostAsync(new Uri(_server.Issuer, "/account/login"), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var back = new Uri(_server.Issuer, login.Headers.Location!);
        Assert.Equal(_server.AuthorizationEndpoint.AbsolutePath, back.AbsolutePath);

        using var consent = await _http.GetAsync(back);
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        return await consent.Content.ReadAsStringAsync();
    }

    private async Task<Dictionary<string, string>> SubmitConsentAsync(string consentPage, string choice)
    {
        var form = HiddenInputs(consentPage);
        form["consent"] = choice;
        using var response = await _http.PostAsync(_server.AuthorizationEndpoint, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(_server.ClientLandingPage.ToString(), location.ToString(), StringComparison.Ordinal);
        return OAuthFlow.Query(location);
    }

    private static Dictionary<string, string> HiddenInputs(string html) =>
        HiddenInput().Matches(html).ToDictionary(
            m => WebUtility.HtmlDecode(m.Groups["name"].Value),
            m => WebUtility.HtmlDecode(m.Groups["value"].Value),
            StringComparer.Ordinal);

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
