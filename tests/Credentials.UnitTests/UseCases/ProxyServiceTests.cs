using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.Network;
using Credentials.Core.Proxy;
using Credentials.Core.Refresh;
using Credentials.Core.Tenancy;
using Credentials.Core.UseCases;
using Microsoft.Extensions.Options;

namespace Credentials.UnitTests.UseCases;

public class ProxyServiceTests
{
    private static readonly TenantContext Tenant = new("ten-1", "key-1");

    [Fact]
    public async Task OnlySafeCallerHeadersAreForwardedAndTheConnectorsHeadersAndCredentialAreAdded()
    {
        var upstream = new FakeUpstream();
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Authorization"] = ["Bearer caller-platform-key"],
            ["Cookie"] = ["session=caller"],
            ["Host"] = ["credentials.example.com"],
            ["Connection"] = ["keep-alive, X-Request-Id"],
            ["X-Request-Id"] = ["listed-in-connection"],
            ["Accept"] = ["application/json"],
            ["Idempotency-Key"] = ["idem-1"],
            ["X-Caller-Secret"] = ["not-allow-listed"],
            ["Api-Version"] = ["caller-choice"],
        };

        using var response = await Service(upstream, new FakeAccess(ApiKeyConnector())).ForwardAsync(Tenant, "cred-1", Get("v1/items", headers));

        var sent = Assert.Single(upstream.Requests);
        Assert.Equal("https://api.example.com/v1/items", sent.Uri);
        Assert.Equal("key-1", sent.Header("X-Api-Key"));
        Assert.Null(sent.Header("Authorization"));
        Assert.Null(sent.Header("Cookie"));
        Assert.Null(sent.Header("X-Request-Id"));
        Assert.Null(sent.Header("X-Caller-Secret"));
        Assert.Equal("application/json", sent.Header("Accept"));
        Assert.Equal("idem-1", sent.Header("Idempotency-Key"));
        Assert.Equal("2024-01", sent.Header("Api-Version"));
        Assert.Null(sent.Header("Host"));
    }

    [Fact]
    public async Task TheResponseKeepsStatusBodyAndSafeHeadersDropsCookiesAndNamesTheCredential()
    {
        var upstream = new FakeUpstream(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("{\"id\":1}", Encoding.UTF8, "application/json") };
            response.Headers.TryAddWithoutValidation("Set-Cookie", "provider=session");
            response.Headers.TryAddWithoutValidation("Strict-Transport-Security", "max-age=1");
            response.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "42");
            return response;
        });

        using var response = await Service(upstream, new FakeAccess(ApiKeyConnector())).ForwardAsync(Tenant, "cred-1", Get("v1/items"));

        Assert.Equal(201, response.StatusCode);
        var names = response.Headers.Select(h => h.Key).ToList();
        Assert.DoesNotContain("Set-Cookie", names, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("Strict-Transport-Security", names, StringComparer.OrdinalIgnoreCase);
        Assert.Contains(response.Headers, h => h.Key == "X-RateLimit-Remaining" && h.Value.SequenceEqual(["42"]));
        Assert.Contains(response.Headers, h => h.Key == ProxyResponse.CredentialIdHeader && h.Value.SequenceEqual(["cred-1"]));
        Assert.Equal("{\"id\":1}", await new StreamReader(response.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task ADeclaredBodyOverTheCapIs413BeforeAnythingIsReadOrSent()
    {
        var upstream = new FakeUpstream();
        var access = new FakeAccess(ApiKeyConnector());
        var request = new ProxyRequest { Method = "POST", Path = "upload", Body = new MemoryStream([1, 2, 3]), ContentLength = ProxyService.MaxBodyBytes + 1 };

        var error = await Assert.ThrowsAsync<ServiceException>(() => Service(upstream, access).ForwardAsync(Tenant, "cred-1", request));

        Assert.Equal(ErrorCodes.PayloadTooLarge, error.Code);
        Assert.Empty(upstream.Requests);
        Assert.Empty(access.Calls);
    }

    [Fact]
    public async Task AnUndeclaredBodyIsCountedWhileStreamingAndCutOffAtTheCap()
    {
        var upstream = new FakeUpstream();
        var request = new ProxyRequest { Method = "POST", Path = "upload", Body = new MemoryStream(new byte[ProxyService.MaxBodyBytes + 1]) };

        var error = await Assert.ThrowsAsync<ServiceException>(() => Service(upstream, new FakeAccess(ApiKeyConnector())).ForwardAsync(Tenant, "cred-1", request));

        Assert.Equal(ErrorCodes.PayloadTooLarge, error.Code);
    }

    [Fact]
    public async Task ABodyAtTheCapIsStreamedWithItsDeclaredLength()
    {
        var upstream = new FakeUpstream();
        var request = new ProxyRequest { Method = "PUT", Path = "upload", Body = new MemoryStream(new byte[ProxyService.MaxBodyBytes]), ContentLength = ProxyService.MaxBodyBytes };

        using var response = await Service(upstream, new FakeAccess(ApiKeyConnector())).ForwardAsync(Tenant, "cred-1", request);

        Assert.Equal(ProxyService.MaxBodyBytes, Assert.Single(upstream.Requests).Body.Length);
        Assert.Equal(ProxyService.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), upstream.Requests[0].Header("Content-Length"));
    }

    [Fact]
    public async Task AnOAuthRequestRefusedWith401IsRetriedOnceWithAForcedRefreshAndTheSameBody()
    {
        var upstream = new FakeUpstream(r => new HttpResponseMessage(r.Header("Authorization") == "Bearer at-2" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized));
        var access = new FakeAccess(OAuthConnector());

        using var response = await Service(upstream, access).ForwardAsync(Tenant, "cred-1", Post("v1/items", "{\"name\":\"x\"}"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([false, true], access.Calls);
        Assert.Equal(["Bearer at-1", "Bearer at-2"], upstream.Requests.Select(r => r.Header("Authorization")));
        Assert.All(upstream.Requests, r => Assert.Equal("{\"name\":\"x\"}", Encoding.UTF8.GetString(r.Body)));
        Assert.All(upstream.Requests, r => Assert.Equal("application/json", r.Header("Content-Type")));
    }

    [Fact]
    public async Task ASecond401IsReturnedAsItIsWithoutAnotherRefresh()
    {
        var upstream = new FakeUpstream(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var access = new FakeAccess(OAuthConnector());

        using var response = await Service(upstream, access).ForwardAsync(Tenant, "cred-1", Get("v1/items"));

        Assert.Equal(401, response.StatusCode);
        Assert.Equal([false, true], access.Calls);
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task AStreamedOAuthBodyIsNotRetried()
    {
        var upstream = new FakeUpstream(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var access = new FakeAccess(OAuthConnector());
        var large = new string('a', ProxyService.ReplayableBodyBytes + 1);

        using var response = await Service(upstream, access).ForwardAsync(Tenant, "cred-1", Post("v1/items", large));

        Assert.Equal(401, response.StatusCode);
        Assert.Equal([false], access.Calls);
        Assert.Equal(large.Length, Assert.Single(upstream.Requests).Body.Length);
    }

    [Fact]
    public async Task ApiKeyCredentialsAreNotRetriedOn401()
    {
        var upstream = new FakeUpstream(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var access = new FakeAccess(ApiKeyConnector());

        using var response = await Service(upstream, access).ForwardAsync(Tenant, "cred-1", Get("v1/items"));

        Assert.Equal(401, response.StatusCode);
        Assert.Equal([false], access.Calls);
        Assert.Single(upstream.Requests);
    }

    [Theory]
    [InlineData("v1/../admin")]
    [InlineData("v1/%2e%2e/admin")]
    [InlineData("..%2fadmin")]
    [InlineData("https://evil.example/x")]
    [InlineData("//evil.example/x")]
    public async Task PathsLeavingTheConnectorsSpaceAre400AndNothingIsSent(string path)
    {
        var upstream = new FakeUpstream();

        var error = await Assert.ThrowsAsync<ServiceException>(() => Service(upstream, new FakeAccess(ApiKeyConnector())).ForwardAsync(Tenant, "cred-1", Get(path)));

        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task AnInvalidCredentialSendsNothing()
    {
        var upstream = new FakeUpstream();
        var access = new FakeAccess(ApiKeyConnector()) { Refusal = ServiceException.CredentialInvalid("cred-1", "verification_failed") };

        var error = await Assert.ThrowsAsync<ServiceException>(() => Service(upstream, access).ForwardAsync(Tenant, "cred-1", Get("v1/items")));

        Assert.Equal(ErrorCodes.CredentialInvalid, error.Code);
        Assert.Equal("verification_failed", error.Extensions!["reason"]);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task AProviderSlowerThanTheTimeoutIs504()
    {
        var upstream = new FakeUpstream(delay: TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<ServiceException>(() => Service(upstream, new FakeAccess(ApiKeyConnector())).ForwardAsync(Tenant, "cred-1", Get("v1/items")));

        Assert.Equal(ErrorCodes.UpstreamTimeout, error.Code);
    }

    [Fact]
    public async Task TheCallerGoingAwayIsACancellationNotATimeout()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var upstream = new FakeUpstream(delay: TimeSpan.FromSeconds(30));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Service(upstream, new FakeAccess(ApiKeyConnector())).ForwardAsync(Tenant, "cred-1", Get("v1/items"), cancel.Token));
    }

    [Fact]
    public async Task ConnectionFailuresAndBlockedAddressesAre502()
    {
        var refused = new FakeUpstream(_ => throw new HttpRequestException("Connection refused"));
        var blocked = new FakeUpstream(_ => throw new HttpRequestException("blocked", new BlockedAddressException("api.example.com", IPAddress.Loopback)));

        var refusedError = await Assert.ThrowsAsync<ServiceException>(() => Service(refused, new FakeAccess(ApiKeyConnector())).ForwardAsync(Tenant, "cred-1", Get("v1")));
        var blockedError = await Assert.ThrowsAsync<ServiceException>(() => Service(blocked, new FakeAccess(ApiKeyConnector())).ForwardAsync(Tenant, "cred-1", Get("v1")));

        Assert.Equal(ErrorCodes.UpstreamUnreachable, refusedError.Code);
        Assert.Equal(ErrorCodes.UpstreamUnreachable, blockedError.Code);
        Assert.Contains("api.example.com", blockedError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", blockedError.Message, StringComparison.Ordinal);
    }

    private static ProxyService Service(FakeUpstream upstream, IUsableCredentialSource access)
    {
        var options = Options.Create(new CredentialsOptions { ProxyTimeoutSeconds = 1 });
        var applier = new ApiAuthApplier(new OAuth1Signer(TimeProvider.System));
        return new ProxyService(access, applier, new UpstreamClient(upstream, options), new Credentials.Core.Audit.AuditTrail(options, TimeProvider.System), options);
    }

    private static ProxyRequest Get(string path, Dictionary<string, string[]>? headers = null)
        => new() { Method = "GET", Path = path, Headers = headers ?? new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) };

    private static ProxyRequest Post(string path, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return new ProxyRequest
        {
            Method = "POST",
            Path = path,
            Headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = ["application/json"], ["Content-Length"] = [bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)] },
            Body = new MemoryStream(bytes),
            ContentLength = bytes.Length,
        };
    }

    private static ConnectorDefinition ApiKeyConnector() => new()
    {
        Id = "example",
        Name = "Example",
        AuthenticationTypes = ["apiKey"],
        Api = new ConnectorApi
        {
            BaseUrl = "https://api.example.com",
            AllowedHosts = ["api.example.com"],
            Headers = new Dictionary<string, string> { ["Api-Version"] = "2024-01" },
            Auth = new Dictionary<string, JsonObject> { ["apiKey"] = new() { ["type"] = "header", ["name"] = "X-Api-Key", ["value"] = "{apiKey}" } },
        },
    };

    private static ConnectorDefinition OAuthConnector() => new()
    {
        Id = "example-oauth",
        Name = "Example OAuth",
        AuthenticationTypes = ["oauth2"],
        Api = new ConnectorApi
        {
            BaseUrl = "https://api.example.com",
            AllowedHosts = ["api.example.com"],
            Auth = new Dictionary<string, JsonObject> { ["oauth2"] = new() { ["type"] = "bearer" } },
        },
    };

    /// <summary>Hands out the credential; a forced refresh yields the next access token.</summary>
    private sealed class FakeAccess(ConnectorDefinition connector) : IUsableCredentialSource
    {
        private int generation;

        public List<bool> Calls { get; } = [];

        public ServiceException? Refusal { get; init; }

        public Task<UsableCredential> GetUsableAsync(TenantContext tenant, string credentialId, bool forceRefresh = false, CancellationToken cancellationToken = default)
        {
            Calls.Add(forceRefresh);
            if (Refusal is not null)
            {
                throw Refusal;
            }

            generation += forceRefresh ? 1 : 0;
            var credential = new Credential
            {
                CredentialId = credentialId,
                TenantId = tenant.TenantId,
                UserId = "usr-1",
                ConnectorId = connector.Id,
                AuthenticationType = connector.AuthenticationTypes[0],
            };
            var values = new Dictionary<string, string> { ["apiKey"] = "key-1", ["accessToken"] = $"at-{generation + 1}" };
            return Task.FromResult(new UsableCredential(credential, connector, values));
        }
    }

    private sealed record SentRequest(string Method, string Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>An <see cref="IHttpClientFactory"/> whose one handler records each request (body included) and answers it.</summary>
    private sealed class FakeUpstream(Func<SentRequest, HttpResponseMessage>? answer = null, TimeSpan? delay = null) : HttpMessageHandler, IHttpClientFactory
    {
        public List<SentRequest> Requests { get; } = [];

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
            var sent = new SentRequest(request.Method.Method, request.RequestUri!.OriginalString, headers, body);
            Requests.Add(sent);
            if (delay is { } wait)
            {
                await Task.Delay(wait, cancellationToken);
            }

            return answer?.Invoke(sent) ?? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") };
        }
    }
}
