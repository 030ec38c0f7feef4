using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace Credentials.TestOAuthServer.Tests;

/// <summary>Authorization code grant with PKCE, client authentication, the protected API and discovery, against auto-approving servers.</summary>
public sealed class AuthorizationCodeFlowTests : IAsyncLifetime
{
    private static readonly Uri RedirectUri = new("http://127.0.0.1:9/callback");
    private readonly TestClient _basic = new("basic-client", "basic-secret", ClientAuthentication.Basic, [RedirectUri]);
    private readonly TestClient _post = new("post-client", "post-secret", ClientAuthentication.Post, [RedirectUri]);
    private readonly HttpClient _http = OAuthFlow.NoRedirectClient();
    private TestAuthorizationServer _server = null!;

    public async Task InitializeAsync()
    {
        var options = new TestAuthorizationServerOptions { AutoApproveSubject = "user-1" };
        options.Clients.Add(_basic);
        options.Clients.Add(_post);
        options.ExtraTokenResponseParameters["instance_url"] = "https://example.my.salesforce.com";
        _server = await TestAuthorizationServer.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(ClientAuthentication.Basic)]
    [InlineData(ClientAuthentication.Post)]
    public async Task CodeFlowRedirectsWithCodeStateAndIssAndTheTokensWorkAtTheApi(ClientAuthentication method)
    {
        var client = method == ClientAuthentication.Basic ? _basic : _post;
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var state = OAuthFlow.NewState();

        var query = await OAuthFlow.AuthorizeAsync(_http, _server, client, state, challenge);

        Assert.False(string.IsNullOrEmpty(query["code"]));
        Assert.Equal(state, query["state"]);
        Assert.Equal(_server.Issuer.ToString(), query["iss"]);

        var tokens = await OAuthFlow.ExchangeCodeAsync(_http, _server, client, query["code"], verifier);

        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        Assert.False(string.IsNullOrEmpty(tokens.AccessToken));
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.InRange(tokens.ExpiresIn, 3500, 3600);
        Assert.Equal("https://example.my.salesforce.com", tokens.Json?.GetProperty("instance_url").GetString());
        Assert.Equal(1, _server.TokenRequestCountFor(OidcConstants.GrantTypes.AuthorizationCode));

        using var request = new HttpRequestMessage(HttpMethod.Get, _server.ApiEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("user-1", me.RootElement.GetProperty("sub").GetString());
        Assert.Equal(client.ClientId, me.RootElement.GetProperty("client_id").GetString());
        Assert.Equal(["offline_access", "read"], me.RootElement.GetProperty("scope").GetString()!.Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AccessTokensAreReadableJwtsFromTheIssuer()
    {
        var tokens = await OAuthFlow.ObtainTokensAsync(_http, _server, _basic);

        var parts = tokens.AccessToken!.Split('.');
        Assert.Equal(3, parts.Length);
        using var payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(_server.Issuer.ToString(), payload.RootElement.GetProperty("iss").GetString());
        Assert.Equal("user-1", payload.RootElement.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task ApiRefusesMissingAndForgedTokensWithWwwAuthenticate()
    {
        using var anonymous = await _http.GetAsync(_server.ApiEndpoint);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");

        using var request = new HttpRequestMessage(HttpMethod.Get, _server.ApiEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var forged = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains(forged.Headers.WwwAuthenticate, h => h.Scheme == "Bearer" && h.Parameter!.Contains("invalid_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthorizationRequestWithoutPkceIsRefused()
    {
        using var response = await _http.GetAsync(OAuthFlow.AuthorizeUrl(_server, _basic, "s1", codeChallenge: null));

        // OpenIddict validates PKCE before the redirect URI, so the error is shown to the user, not redirected.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("error:invalid_request", body, StringComparison.Ordinal);
        Assert.Contains("code_challenge", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainCodeChallengeMethodIsRefused()
    {
        using var response = await _http.GetAsync(OAuthFlow.AuthorizeUrl(_server, _basic, "s2", "a-plain-challenge-that-is-long-enough-to-be-valid-123", OidcConstants.CodeChallengeMethods.Plain));

        // OpenIddict checks code_challenge_method before the redirect URI, so it answers itself instead of redirecting.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("code_challenge_method", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnregisteredRedirectUriIsNotRedirectedTo()
    {
        var evil = _basic with { RedirectUris = [new Uri("http://127.0.0.1:9/evil")] };
        using var response = await _http.GetAsync(OAuthFlow.AuthorizeUrl(_server, evil, "s3", OAuthFlow.NewPkce().Challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task WrongCodeVerifierGetsInvalidGrant()
    {
        var (_, challenge) = OAuthFlow.NewPkce();
        var query = await OAuthFlow.AuthorizeAsync(_http, _server, _basic, "s", challenge);

        var tokens = await OAuthFlow.ExchangeCodeAsync(_http, _server, _basic, query["code"], OAuthFlow.NewPkce().Verifier);

        Assert.True(tokens.IsError);
        Assert.Equal(OidcConstants.TokenErrors.InvalidGrant, tokens.Error);
    }

    [Fact]
    public async Task ReplayedCodeGetsInvalidGrant()
    {
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var query = await OAuthFlow.AuthorizeAsync(_http, _server, _post, "s", challenge);

        var first = await OAuthFlow.ExchangeCodeAsync(_http, _server, _post, query["code"], verifier);
        var replay = await OAuthFlow.ExchangeCodeAsync(_http, _server, _post, query["code"], verifier);

        Assert.False(first.IsError, first.Error);
        Assert.Equal(OidcConstants.TokenErrors.InvalidGrant, replay.Error);
        Assert.Equal(2, _server.TokenRequestCount);
    }

    [Theory]
    [InlineData(ClientAuthentication.Basic)]
    [InlineData(ClientAuthentication.Post)]
    public async Task ClientUsingTheOtherAuthenticationMethodGetsInvalidClient(ClientAuthentication method)
    {
        var client = method == ClientAuthentication.Basic ? _basic : _post;
        var otherStyle = method == ClientAuthentication.Basic ? ClientCredentialStyle.PostBody : ClientCredentialStyle.AuthorizationHeader;
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var query = await OAuthFlow.AuthorizeAsync(_http, _server, client, "s", challenge);

        var refused = await OAuthFlow.ExchangeCodeAsync(_http, _server, client, query["code"], verifier, otherStyle);
        Assert.True(refused.IsError);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, OAuthFlow.OAuthError(refused));

        // The refusal consumed nothing: the same code still works with the right method.
        var accepted = await OAuthFlow.ExchangeCodeAsync(_http, _server, client, query["code"], verifier);
        Assert.False(accepted.IsError, accepted.Error + " " + accepted.ErrorDescription);
    }

    [Fact]
    public async Task WrongClientSecretGetsInvalidClient()
    {
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var query = await OAuthFlow.AuthorizeAsync(_http, _server, _basic, "s", challenge);

        var tokens = await OAuthFlow.ExchangeCodeAsync(_http, _server, _basic with { ClientSecret = "wrong" }, query["code"], verifier);

        Assert.Equal(HttpStatusCode.Unauthorized, tokens.HttpStatusCode);
        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, OAuthFlow.OAuthError(tokens));
    }

    [Fact]
    public async Task CodeIssuedToOneClientCannotBeRedeemedByAnother()
    {
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var query = await OAuthFlow.AuthorizeAsync(_http, _server, _basic, "s", challenge);

        var tokens = await OAuthFlow.ExchangeCodeAsync(_http, _server, _post, query["code"], verifier);

        Assert.Equal(OidcConstants.TokenErrors.InvalidGrant, tokens.Error);
    }

    [Fact]
    public async Task DiscoveryAdvertisesIssParameterS256OnlyAndBothClientAuthenticationMethods()
    {
        var disco = await _http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = _server.Issuer.ToString(),
            Policy = { RequireHttps = false },
        });

        Assert.False(disco.IsError, disco.Error);
        Assert.Equal(_server.Issuer.ToString(), disco.Issuer);
        Assert.Equal(_server.TokenEndpoint.ToString(), disco.TokenEndpoint);
        Assert.Equal(_server.RevocationEndpoint.ToString(), disco.RevocationEndpoint);
        Assert.Equal([OidcConstants.CodeChallengeMethods.Sha256], disco.CodeChallengeMethodsSupported);
        Assert.True(disco.Json?.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.Contains(OidcConstants.EndpointAuthenticationMethods.BasicAuthentication, disco.TokenEndpointAuthenticationMethodsSupported);
        Assert.Contains(OidcConstants.EndpointAuthenticationMethods.PostBody, disco.TokenEndpointAuthenticationMethodsSupported);
    }
}
