using System.Net;
using System.Text;
using Credentials.Core.Connectors;
using Credentials.Core.OAuth;
using Credentials.Core.Secrets;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.UnitTests.OAuth;

public class TokenEndpointClientTests
{
    private static readonly AuthConfig Client = new("acf-x", 1, "test", "client-1", "s3cr:et", null);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task BasicClientAuthenticationSendsTheSecretOnlyInTheHeader()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"access_token":"at","refresh_token":"rt","expires_in":3600,"token_type":"Bearer","scope":"read write"}""");
        var result = await Create(handler).ExchangeCodeAsync(Settings("client_secret_basic"), new TokenEndpoint("https://p.example.com/token"), Client, "code-1", "https://svc/cb", "verifier-1");

        Assert.True(result.IsSuccess);
        Assert.Equal("Basic", handler.Authorization?.Scheme);
        Assert.Equal("client-1:s3cr%3Aet", Encoding.UTF8.GetString(Convert.FromBase64String(handler.Authorization!.Parameter!)));
        Assert.Contains("grant_type=authorization_code", handler.Body, StringComparison.Ordinal);
        Assert.Contains("code_verifier=verifier-1", handler.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret", handler.Body, StringComparison.Ordinal);
        Assert.Equal(clock.GetUtcNow().AddHours(1), result.Tokens!.ExpiresAt);
        Assert.Equal(["read", "write"], result.Tokens.Scopes);
    }

    [Fact]
    public async Task PostClientAuthenticationSendsTheSecretInTheBodyOnly()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"access_token":"at"}""");
        var result = await Create(handler).ExchangeCodeAsync(Settings("client_secret_post"), new TokenEndpoint("https://p.example.com/token"), Client, "c", "https://svc/cb", null);

        Assert.True(result.IsSuccess);
        Assert.Null(handler.Authorization);
        Assert.Contains("client_secret=s3cr%3Aet", handler.Body, StringComparison.Ordinal);
        Assert.Null(result.Tokens!.ExpiresAt);
    }

    [Fact]
    public async Task JsonTokenRequestFormatPostsJson()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"access_token":"at","workspace_id":"w1"}""");
        var result = await Create(handler).ExchangeCodeAsync(Settings("client_secret_basic") with { TokenRequestFormat = "json" }, new TokenEndpoint("https://p.example.com/token"), Client, "c", "https://svc/cb", null);

        Assert.True(result.IsSuccess);
        Assert.Equal("application/json", handler.ContentType);
        Assert.Contains("\"grant_type\":\"authorization_code\"", handler.Body, StringComparison.Ordinal);
        Assert.Equal("w1", result.Raw.GetProperty("workspace_id").GetString());
    }

    [Fact]
    public async Task RefreshWithoutANewRefreshTokenKeepsTheOldOne()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"access_token":"at2","expires_in":"60"}""");
        var current = new OAuthTokens { AccessToken = "at1", RefreshToken = "rt1", Scopes = ["read"] };
        var result = await Create(handler).RefreshAsync(Settings("client_secret_post"), new TokenEndpoint("https://p.example.com/token"), Client, current);

        Assert.Equal("rt1", result.Tokens!.RefreshToken);
        Assert.Equal("at2", result.Tokens.AccessToken);
        Assert.Equal(["read"], result.Tokens.Scopes);
        Assert.Equal(clock.GetUtcNow().AddSeconds(60), result.Tokens.ExpiresAt);
        Assert.Contains("refresh_token=rt1", handler.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, """{"error":"invalid_grant"}""", TokenFailure.DeadGrant)]
    [InlineData(400, """{"error":"invalid_refresh_token"}""", TokenFailure.DeadGrant)]
    [InlineData(401, """{"error":"invalid_client"}""", TokenFailure.AuthConfig)]
    [InlineData(400, """{"error":"unauthorized_client"}""", TokenFailure.AuthConfig)]
    [InlineData(503, "<html>down</html>", TokenFailure.Transient)]
    [InlineData(429, "", TokenFailure.Transient)]
    [InlineData(400, """{"error":"temporarily_unavailable"}""", TokenFailure.Transient)]
    [InlineData(200, """{"error":"bad_refresh_token"}""", TokenFailure.DeadGrant)]
    [InlineData(400, """{"error":"invalid_scope"}""", TokenFailure.Rejected)]
    public async Task FailuresAreClassified(int status, string body, TokenFailure expected)
    {
        var settings = Settings("client_secret_post") with { DeadGrantErrors = ["invalid_grant", "invalid_refresh_token", "bad_refresh_token"], ErrorsIn200 = true };
        var result = await Create(new RecordingHandler((HttpStatusCode)status, body)).RefreshAsync(settings, new TokenEndpoint("https://p.example.com/token"), Client, new OAuthTokens { AccessToken = "a", RefreshToken = "r" });

        Assert.False(result.IsSuccess);
        Assert.Equal(expected, result.Failure);
    }

    [Fact]
    public async Task NetworkFailureIsTransient()
    {
        var result = await Create(new ThrowingHandler()).RefreshAsync(Settings("client_secret_post"), new TokenEndpoint("https://p.example.com/token"), Client, new OAuthTokens { AccessToken = "a", RefreshToken = "r" });
        Assert.Equal(TokenFailure.Transient, result.Failure);
    }

    [Fact]
    public async Task RetryAfterIsReported()
    {
        var handler = new RecordingHandler(HttpStatusCode.ServiceUnavailable, "{}") { RetryAfter = TimeSpan.FromSeconds(42) };
        var result = await Create(handler).RefreshAsync(Settings("client_secret_post"), new TokenEndpoint("https://p.example.com/token"), Client, new OAuthTokens { AccessToken = "a", RefreshToken = "r" });
        Assert.Equal(TimeSpan.FromSeconds(42), result.RetryAfter);
    }

    private static OAuth2Settings Settings(string method) => new() { AuthorizationUrl = "https://p.example.com/authorize", TokenUrl = "https://p.example.com/token", TokenEndpointAuthMethod = method };

    private TokenEndpointClient Create(HttpMessageHandler handler) => new(new SingleClientFactory(handler), clock);

    private sealed class SingleClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    [Theory]
    [InlineData("form")]
    [InlineData("json")]
    public async Task TokenRequestParamsAndTheConnectorUserAgentGoOnBothTheCodeAndTheRefreshRequest(string format)
    {
        var settings = Settings("client_secret_post") with { TokenRequestFormat = format };
        var endpoint = new TokenEndpoint("https://p.example.com/token", new Dictionary<string, string> { ["expires_in"] = "1800", ["refresh_token_expires_in"] = "2592000" }, "Acme-Integration/2.0");
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"access_token":"at","refresh_token":"rt"}""");

        await Create(handler).ExchangeCodeAsync(settings, endpoint, Client, "c", "https://svc/cb", null);
        var code = (handler.Body, handler.UserAgent);
        await Create(handler).RefreshAsync(settings, endpoint, Client, new OAuthTokens { AccessToken = "a", RefreshToken = "r" });

        foreach (var body in new[] { code.Body, handler.Body })
        {
            Assert.Contains(format == "json" ? "\"expires_in\":\"1800\"" : "expires_in=1800", body, StringComparison.Ordinal);
            Assert.Contains(format == "json" ? "\"refresh_token_expires_in\":\"2592000\"" : "refresh_token_expires_in=2592000", body, StringComparison.Ordinal);
        }

        Assert.Contains("authorization_code", code.Body, StringComparison.Ordinal);
        Assert.Contains("refresh_token", handler.Body, StringComparison.Ordinal);
        Assert.Equal("Acme-Integration/2.0", code.UserAgent);
        Assert.Equal("Acme-Integration/2.0", handler.UserAgent);
    }

    private sealed class RecordingHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public string? UserAgent { get; private set; }

        public System.Net.Http.Headers.AuthenticationHeaderValue? Authorization { get; private set; }
        public string Body { get; private set; } = string.Empty;
        public string? ContentType { get; private set; }
        public TimeSpan? RetryAfter { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.Authorization;
            UserAgent = request.Headers.TryGetValues("User-Agent", out var agents) ? string.Join(" ", agents) : null;
            Body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (RetryAfter is { } delay)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
            }

            return response;
        }
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => throw new HttpRequestException("connection refused");
    }
}
