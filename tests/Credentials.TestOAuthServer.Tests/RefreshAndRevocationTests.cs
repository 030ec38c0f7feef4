using System.Net;
using System.Net.Http.Headers;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;

namespace Credentials.TestOAuthServer.Tests;

/// <summary>Rolling refresh tokens with zero reuse leeway, revocation (RFC 7009 and provider-side disconnect), counters and fault injection.</summary>
public sealed class RefreshAndRevocationTests : IAsyncLifetime
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
    public async Task RefreshRotatesAndAReplayedRefreshTokenGetsInvalidGrant(ClientAuthentication method)
    {
        var client = method == ClientAuthentication.Basic ? _basic : _post;
        var first = await OAuthFlow.ObtainTokensAsync(_http, _server, client);

        var second = await OAuthFlow.RefreshAsync(_http, _server, client, first.RefreshToken!);
        Assert.False(second.IsError, second.Error + " " + second.ErrorDescription);
        Assert.False(string.IsNullOrEmpty(second.RefreshToken));
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);

        // Immediately after: no reuse leeway.
        var replay = await OAuthFlow.RefreshAsync(_http, _server, client, first.RefreshToken!);
        Assert.True(replay.IsError);
        Assert.Equal(OidcConstants.TokenErrors.InvalidGrant, replay.Error);

        Assert.Equal(2, _server.TokenRequestCountFor(OidcConstants.GrantTypes.RefreshToken));
        Assert.Equal(1, _server.TokenRequestCountFor(OidcConstants.GrantTypes.AuthorizationCode));
        Assert.Equal(3, _server.TokenRequestCount);
    }

    [Fact]
    public async Task ReplayingARedeemedRefreshTokenAlsoRevokesTheTokenThatReplacedIt()
    {
        // OpenIddict treats the replay as token theft and revokes the whole authorization's token chain.
        var first = await OAuthFlow.ObtainTokensAsync(_http, _server, _basic);
        var second = await OAuthFlow.RefreshAsync(_http, _server, _basic, first.RefreshToken!);
        Assert.False(second.IsError, second.Error);

        var replay = await OAuthFlow.RefreshAsync(_http, _server, _basic, first.RefreshToken!);
        var afterReplay = await OAuthFlow.RefreshAsync(_http, _server, _basic, second.RefreshToken!);

        Assert.Equal(OidcConstants.TokenErrors.InvalidGrant, replay.Error);
        Assert.Equal(OidcConstants.TokenErrors.InvalidGrant, afterReplay.Error);
    }

    [Fact]
    public async Task RevokingAllGrantsOfTheSubjectFailsTheNextRefreshAndTheApiCall()
    {
        var tokens = await OAuthFlow.ObtainTokensAsync(_http, _server, _basic);

        await _server.RevokeAllGrantsAsync("user-1");

        var refreshed = await OAuthFlow.RefreshAsync(_http, _server, _basic, tokens.RefreshToken!);
        Assert.Equal(OidcConstants.TokenErrors.InvalidGrant, refreshed.Error);

        using var request = new HttpRequestMessage(HttpMethod.Get, _server.ApiEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RevokingAnotherSubjectLeavesTheGrantAlone()
    {
        var tokens = await OAuthFlow.ObtainTokensAsync(_http, _server, _basic);

        await _server.RevokeAllGrantsAsync("someone-else");

        var refreshed = await OAuthFlow.RefreshAsync(_http, _server, _basic, tokens.RefreshToken!);
        Assert.False(refreshed.IsError, refreshed.Error);
    }

    [Theory]
    [InlineData(ClientAuthentication.Basic)]
    [InlineData(ClientAuthentication.Post)]
    public async Task RevocationEndpointRevokesTheRefreshTokenAndIsCounted(ClientAuthentication method)
    {
        var client = method == ClientAuthentication.Basic ? _basic : _post;
        var tokens = await OAuthFlow.ObtainTokensAsync(_http, _server, client);

        var revoked = await _http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = _server.RevocationEndpoint.ToString(),
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientCredentialStyle = OAuthFlow.StyleOf(client.Method),
            Token = tokens.RefreshToken!,
            TokenTypeHint = OidcConstants.TokenTypes.RefreshToken,
        });
        Assert.False(revoked.IsError, revoked.Error);

        var refreshed = await OAuthFlow.RefreshAsync(_http, _server, client, tokens.RefreshToken!);
        Assert.Equal(OidcConstants.TokenErrors.InvalidGrant, refreshed.Error);
        Assert.Equal(1, _server.RevocationCount);
        Assert.Equal([tokens.RefreshToken!], _server.RevokedTokens);
        Assert.Equal(2, _server.TokenRequestCount);
    }

    [Fact]
    public async Task RevocationWithTheWrongClientAuthenticationMethodIsRefused()
    {
        var tokens = await OAuthFlow.ObtainTokensAsync(_http, _server, _basic);

        var revoked = await _http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = _server.RevocationEndpoint.ToString(),
            ClientId = _basic.ClientId,
            ClientSecret = _basic.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Token = tokens.RefreshToken!,
        });

        Assert.True(revoked.IsError);
        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, OAuthFlow.OAuthError(revoked));
        var refreshed = await OAuthFlow.RefreshAsync(_http, _server, _basic, tokens.RefreshToken!);
        Assert.False(refreshed.IsError, refreshed.Error);
    }

    [Fact]
    public async Task Injected503sComeFirstThenTheSameCodeSucceedsAndAllAreCounted()
    {
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var query = await OAuthFlow.AuthorizeAsync(_http, _server, _basic, "s", challenge);
        _server.FailNextTokenRequests(2, 503, retryAfter: TimeSpan.FromSeconds(7));

        for (var i = 0; i < 2; i++)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = query["code"],
                ["redirect_uri"] = RedirectUri.ToString(),
                ["code_verifier"] = verifier,
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, _server.TokenEndpoint) { Content = content };
            request.SetBasicAuthenticationOAuth(_basic.ClientId, _basic.ClientSecret);
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"error\":\"temporarily_unavailable\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var tokens = await OAuthFlow.ExchangeCodeAsync(_http, _server, _basic, query["code"], verifier);

        Assert.False(tokens.IsError, tokens.Error + " " + tokens.ErrorDescription);
        Assert.Equal(3, _server.TokenRequestCount);
        Assert.Equal(3, _server.TokenRequestCountFor(OidcConstants.GrantTypes.AuthorizationCode));
    }

    [Theory]
    [InlineData(400, "temporarily_unavailable")]
    [InlineData(401, "invalid_client")]
    [InlineData(429, null)]
    public async Task InjectedOauthErrorsReachTheClientLibraryWithoutConsumingTheRefreshToken(int statusCode, string? error)
    {
        var tokens = await OAuthFlow.ObtainTokensAsync(_http, _server, _post);
        _server.FailNextTokenRequests(1, statusCode, error);

        var failed = await OAuthFlow.RefreshAsync(_http, _server, _post, tokens.RefreshToken!);
        var succeeded = await OAuthFlow.RefreshAsync(_http, _server, _post, tokens.RefreshToken!);

        Assert.True(failed.IsError);
        Assert.Equal((HttpStatusCode)statusCode, failed.HttpStatusCode);
        Assert.Equal(error ?? "temporarily_unavailable", OAuthFlow.OAuthError(failed));
        Assert.False(succeeded.IsError, succeeded.Error);
    }

    [Fact]
    public async Task ShortAccessTokenLifetimeIsReportedInExpiresIn()
    {
        var options = new TestAuthorizationServerOptions { AutoApproveSubject = "u", AccessTokenLifetime = TimeSpan.FromMinutes(2) };
        options.Clients.Add(_basic);
        await using var server = await TestAuthorizationServer.StartAsync(options);

        var tokens = await OAuthFlow.ObtainTokensAsync(_http, server, _basic);
        var refreshed = await OAuthFlow.RefreshAsync(_http, server, _basic, tokens.RefreshToken!);

        Assert.InRange(tokens.ExpiresIn, 60, 120);
        Assert.InRange(refreshed.ExpiresIn, 60, 120);
    }

    [Fact]
    public async Task TwoServersInOneProcessAreIndependent()
    {
        var options = new TestAuthorizationServerOptions { AutoApproveSubject = "user-1" };
        options.Clients.Add(_basic);
        await using var other = await TestAuthorizationServer.StartAsync(options);
        Assert.NotEqual(_server.Issuer, other.Issuer);

        var tokens = await OAuthFlow.ObtainTokensAsync(_http, _server, _basic);

        var crossRefresh = await OAuthFlow.RefreshAsync(_http, other, _basic, tokens.RefreshToken!);
        Assert.True(crossRefresh.IsError);
        using var request = new HttpRequestMessage(HttpMethod.Get, other.ApiEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, other.TokenRequestCount);
        Assert.Equal(1, _server.TokenRequestCount);

        var own = await OAuthFlow.ObtainTokensAsync(_http, other, _basic);
        Assert.False(own.IsError);
    }
}
