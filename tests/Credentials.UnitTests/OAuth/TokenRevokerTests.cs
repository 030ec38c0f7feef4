using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.OAuth;
using Credentials.Core.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials.UnitTests.OAuth;

public sealed class TokenRevokerTests : IDisposable
{
    private static readonly OAuthTokens Tokens = new() { AccessToken = "at-1", RefreshToken = "rt-1" };
    private readonly string folder = Directory.CreateTempSubdirectory("revocation-connectors-").FullName;

    public TokenRevokerTests()
    {
        Write("rfcbasic", new JsonObject { ["type"] = "rfc7009", ["url"] = "https://auth.example.com/revoke", ["token"] = "refresh_token", ["authMethod"] = "client_secret_basic" });
        Write("rfcpost", new JsonObject { ["type"] = "rfc7009", ["url"] = "https://auth.example.com/revoke", ["token"] = "refresh_token", ["authMethod"] = "client_secret_post" });
        // HubSpot's older documented shape: DELETE /oauth/v1/refresh_tokens/:token, no client authentication.
        Write("hubstyle", new JsonObject { ["type"] = "request", ["method"] = "DELETE", ["url"] = "https://api.example.com/oauth/v1/refresh_tokens/{refreshToken}", ["token"] = "refresh_token", ["auth"] = "none" });
        Write("githubstyle", new JsonObject
        {
            ["type"] = "request", ["method"] = "DELETE", ["url"] = "https://api.example.com/applications/{clientId}/token", ["token"] = "access_token",
            ["auth"] = "client_basic", ["headers"] = new JsonObject { ["X-Api-Version"] = "2022-11-28" }, ["json"] = new JsonObject { ["access_token"] = "{accessToken}" },
        });
        Write("slackstyle", new JsonObject { ["type"] = "request", ["method"] = "POST", ["url"] = "https://api.example.com/auth.revoke", ["token"] = "access_token", ["auth"] = "bearer" });
        Write("norevoke", null);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Rfc7009WithClientSecretBasicPostsTheRefreshTokenAndAuthenticatesInTheHeaderOnly()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK);

        var outcome = await Revoker(handler).RevokeAsync(Credential("rfcbasic"), Tokens);

        Assert.Equal(RevocationOutcome.Revoked, outcome);
        var sent = Assert.Single(handler.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("https://auth.example.com/revoke", sent.Uri);
        Assert.Equal("application/x-www-form-urlencoded", sent.ContentType);
        Assert.Equal("token=rt-1&token_type_hint=refresh_token", sent.Body);
        Assert.StartsWith("Basic ", sent.Authorization, StringComparison.Ordinal);
        Assert.Equal("client%3A1:s%26cret", Encoding.UTF8.GetString(Convert.FromBase64String(sent.Authorization![6..])));
    }

    [Fact]
    public async Task Rfc7009WithClientSecretPostPutsTheClientInTheBody()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK);

        Assert.Equal(RevocationOutcome.Revoked, await Revoker(handler).RevokeAsync(Credential("rfcpost"), Tokens));

        var sent = Assert.Single(handler.Requests);
        Assert.Null(sent.Authorization);
        Assert.Equal("token=rt-1&token_type_hint=refresh_token&client_id=client%3A1&client_secret=s%26cret", sent.Body);
    }

    [Fact]
    public async Task WithoutARefreshTokenTheAccessTokenIsRevoked()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK);

        await Revoker(handler).RevokeAsync(Credential("rfcbasic"), new OAuthTokens { AccessToken = "at-only" });

        Assert.Equal("token=at-only&token_type_hint=access_token", Assert.Single(handler.Requests).Body);
    }

    [Fact]
    public async Task AHubSpotStyleDeletePutsTheRefreshTokenInTheUrl()
    {
        var handler = new RecordingHandler(HttpStatusCode.NoContent);

        var outcome = await Revoker(handler).RevokeAsync(Credential("hubstyle"), Tokens);

        Assert.Equal(RevocationOutcome.Revoked, outcome);
        var sent = Assert.Single(handler.Requests);
        Assert.Equal("DELETE", sent.Method);
        Assert.Equal("https://api.example.com/oauth/v1/refresh_tokens/rt-1", sent.Uri);
        Assert.Null(sent.Authorization);
        Assert.Equal(string.Empty, sent.Body);
    }

    [Fact]
    public async Task AGitHubStyleRequestSendsJsonWithPlainBasicClientAuthenticationAndHeaders()
    {
        var handler = new RecordingHandler(HttpStatusCode.NoContent);

        await Revoker(handler).RevokeAsync(Credential("githubstyle"), Tokens);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("https://api.example.com/applications/client:1/token", sent.Uri);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("{\"access_token\":\"at-1\"}", sent.Body);
        Assert.Equal("client:1:s&cret", Encoding.UTF8.GetString(Convert.FromBase64String(sent.Authorization![6..])));
        Assert.Equal("2022-11-28", sent.Headers["X-Api-Version"]);
    }

    [Fact]
    public async Task ASlackStyleOkFalseIn200IsAFailure()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, "{\"ok\":false,\"error\":\"invalid_auth\"}");

        Assert.Equal(RevocationOutcome.Failed, await Revoker(handler).RevokeAsync(Credential("slackstyle"), Tokens));
        Assert.Equal("Bearer at-1", Assert.Single(handler.Requests).Authorization);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task AProviderErrorIsAFailureNotAnException(HttpStatusCode status)
        => Assert.Equal(RevocationOutcome.Failed, await Revoker(new RecordingHandler(status)).RevokeAsync(Credential("rfcbasic"), Tokens));

    [Fact]
    public async Task AnUnreachableProviderIsAFailureNotAnException()
        => Assert.Equal(RevocationOutcome.Failed, await Revoker(new RecordingHandler(HttpStatusCode.OK, fail: true)).RevokeAsync(Credential("rfcbasic"), Tokens));

    [Fact]
    public async Task AMissingOAuthAppIsAFailure()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK);
        var credential = Credential("rfcbasic") with { ConnectorId = "rfcpost", AuthConfigId = AuthConfig.DeploymentId };

        Assert.Equal(RevocationOutcome.Failed, await Revoker(handler, configured: false).RevokeAsync(credential, Tokens));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task NonOAuthCredentialsAndConnectorsWithoutRevocationAreNotSupported()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK);

        Assert.Equal(RevocationOutcome.NotSupported, await Revoker(handler).RevokeAsync(Credential("rfcbasic") with { AuthenticationType = "apiKey" }, Tokens));
        Assert.Equal(RevocationOutcome.NotSupported, await Revoker(handler).RevokeAsync(Credential("norevoke"), Tokens));
        Assert.Empty(handler.Requests);
    }

    private TokenRevoker Revoker(RecordingHandler handler, bool configured = true)
    {
        var options = Options.Create(new CredentialsOptions { ConnectorsPath = folder });
        var catalog = new ConnectorCatalog(options);
        var settings = new Dictionary<string, string?>();
        if (configured)
        {
            foreach (var id in new[] { "rfcbasic", "rfcpost", "hubstyle", "githubstyle", "slackstyle" })
            {
                settings[$"Credentials:Connectors:{id}:ClientId"] = "client:1";
                settings[$"Credentials:Connectors:{id}:ClientSecret"] = "s&cret";
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var authConfigs = new AuthConfigService(null!, catalog, configuration, null!, TimeProvider.System);
        return new TokenRevoker(catalog, authConfigs, handler, options, NullLogger<TokenRevoker>.Instance);
    }

    private static Credential Credential(string connectorId) => new()
    {
        CredentialId = "cred-1",
        TenantId = "ten-1",
        UserId = "usr-1",
        ConnectorId = connectorId,
        AuthenticationType = "oauth2",
        AuthConfigId = AuthConfig.DeploymentId,
        AuthConfigVersion = 0,
    };

    private void Write(string id, JsonObject? revocation)
    {
        var connector = new JsonObject
        {
            ["id"] = id,
            ["name"] = id,
            ["authenticationTypes"] = new JsonArray("oauth2"),
            ["oauth2"] = new JsonObject
            {
                ["authorizationUrl"] = "https://auth.example.com/authorize",
                ["tokenUrl"] = "https://auth.example.com/token",
                ["tokenRequestFormat"] = "form",
                ["tokenEndpointAuthMethod"] = "client_secret_basic",
                ["revocation"] = revocation,
                ["defaultScopes"] = new JsonArray(),
                ["scopeSeparator"] = " ",
                ["pkce"] = true,
                ["refreshTokenRotates"] = false,
                ["deadGrantErrors"] = new JsonArray("invalid_grant"),
            },
            ["api"] = new JsonObject
            {
                ["baseUrl"] = "https://api.example.com",
                ["allowedHosts"] = new JsonArray("api.example.com"),
                ["auth"] = new JsonObject { ["oauth2"] = new JsonObject { ["type"] = "bearer" } },
            },
        };
        File.WriteAllText(Path.Combine(folder, id + ".json"), connector.ToJsonString());
    }

    private sealed record Sent(string Method, string Uri, string? Authorization, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers);

    private sealed class RecordingHandler(HttpStatusCode status, string? body = null, bool fail = false) : HttpMessageHandler, IHttpClientFactory
    {
        public List<Sent> Requests { get; } = [];

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (fail)
            {
                throw new HttpRequestException("Connection refused (auth.example.com:443)");
            }

            Requests.Add(new Sent(
                request.Method.Method,
                request.RequestUri!.OriginalString,
                request.Headers.Authorization?.ToString(),
                request.Content?.Headers.ContentType?.MediaType,
                request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken),
                request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase)));
            return new HttpResponseMessage(status) { Content = new StringContent(body ?? string.Empty, Encoding.UTF8, "application/json") };
        }
    }
}
