using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Ids;
using Credentials.Core.Storage;
using Credentials.EndToEndTests.OAuth;

namespace Credentials.EndToEndTests.Connect;

/// <summary>Connect sessions over HTTP through DevServer: the tenant's routes, the page's token routes, and their rules.</summary>
[Collection(ConnectCollection.Name)]
public class ConnectSessionApiTests(ConnectServiceFixture service)
{
    private const string KeyConnector = ConnectServiceFixture.KeyConnector;

    [Fact]
    public async Task ASingleUseSessionConnectsOneCredentialAndThenOnlyShowsItsResult()
    {
        var (api, userId) = await service.TenantAsync();
        var created = await api.PostAsJsonAsync("connect/sessions", new { userId, connectors = new[] { KeyConnector } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var link = await created.Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = link.GetProperty("sessionId").GetString()!;
        var url = new Uri(link.GetProperty("url").GetString()!);
        Assert.Equal($"/api/connect/sessions/{sessionId}", created.Headers.Location?.OriginalString);
        Assert.Equal(new Uri(service.BaseAddress, "api/connect").AbsolutePath, url.AbsolutePath);
        Assert.Equal($"?session={sessionId}", url.Query);
        Assert.StartsWith($"#token={sessionId}.", url.Fragment, StringComparison.Ordinal);
        var token = url.Fragment["#token=".Length..];
        Assert.True(token.Length - sessionId.Length - 1 >= 43, "the token's secret has at least 256 bits");
        Assert.Equal(service.Clock.GetUtcNow().AddMinutes(30), link.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal("pending", (await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}")).GetProperty("status").GetString());

        using var page = service.WithToken(token);
        var view = await page.GetFromJsonAsync<JsonElement>("connect/session");
        Assert.Equal("Acme CRM", view.GetProperty("tenantName").GetString());
        Assert.True(view.GetProperty("canConnect").GetBoolean());
        var connector = Assert.Single(view.GetProperty("connectors").EnumerateArray());
        Assert.Equal("Acme Desk", connector.GetProperty("name").GetString());
        var schema = Assert.Single(connector.GetProperty("methods").EnumerateArray()).GetProperty("inputSchema");
        Assert.True(schema.GetProperty("properties").GetProperty("data").GetProperty("properties").GetProperty("apiKey").GetProperty("writeOnly").GetBoolean());

        var first = await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-key-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var result = await first.Content.ReadFromJsonAsync<JsonElement>();
        var credentialId = result.GetProperty("credentialId").GetString()!;
        Assert.Equal(KeyConnector, result.GetProperty("connectorId").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("redirectUrl").ValueKind);

        var second = await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-key-2"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("session_completed", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var polled = await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}");
        Assert.Equal("completed", polled.GetProperty("status").GetString());
        Assert.Equal([credentialId], polled.GetProperty("credentialIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(userId, polled.GetProperty("userId").GetString());
        var credential = await api.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}");
        Assert.Equal(userId, credential.GetProperty("userId").GetString());
        Assert.Equal("active", credential.GetProperty("status").GetString());
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
        var afterwards = await page.GetFromJsonAsync<JsonElement>("connect/session");
        Assert.False(afterwards.GetProperty("canConnect").GetBoolean());
        Assert.Equal(credentialId, Assert.Single(afterwards.GetProperty("results").EnumerateArray()).GetProperty("credentialId").GetString());
    }

    [Fact]
    public async Task AMultipleSessionCreatesSeveralCredentialsUntilItExpires()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector }, multiple = true, expiresInMinutes = 10 });
        using var page = service.WithToken(token);

        Assert.Equal(HttpStatusCode.Created, (await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-a"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-b"))).StatusCode);

        var polled = await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}");
        Assert.Equal("completed", polled.GetProperty("status").GetString());
        Assert.Equal(2, polled.GetProperty("credentialIds").GetArrayLength());
        Assert.True((await page.GetFromJsonAsync<JsonElement>("connect/session")).GetProperty("canConnect").GetBoolean());
    }

    [Fact]
    public async Task ASessionExpiresOnTheFakeClockAndThenCreatesNothing()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector }, expiresInMinutes = 5 });
        using var page = service.WithToken(token);
        service.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("pending", (await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}")).GetProperty("status").GetString());

        service.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("expired", (await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}")).GetProperty("status").GetString());
        var view = await page.GetFromJsonAsync<JsonElement>("connect/session");
        Assert.Equal("expired", view.GetProperty("status").GetString());
        Assert.False(view.GetProperty("canConnect").GetBoolean());
        var attempt = await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-late"));
        Assert.Equal(HttpStatusCode.Gone, attempt.StatusCode);
        Assert.Equal("session_expired", (await attempt.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"expiresInMinutes":0}""", "expiresInMinutes")]
    [InlineData("""{"expiresInMinutes":1441}""", "expiresInMinutes")]
    [InlineData("""{"connectors":["nope"]}""", "connectors[0]")]
    [InlineData("""{"connectors":[]}""", "connectors")]
    [InlineData("""{"connectors":["hubspot"]}""", "connectors")]
    [InlineData("""{"redirectUri":"https://evil.example.com/landed"}""", "redirectUri")]
    [InlineData("""{"locale":"not a locale"}""", "locale")]
    [InlineData("""{"multiple":"yes"}""", "multiple")]
    [InlineData("""{"reauthorizeCredentialId":"crd-nope"}""", "reauthorizeCredentialId")]
    [InlineData("""{"token":"mine"}""", "token")]
    public async Task BadSessionRequestsAre400AndCreateNothing(string extra, string field)
    {
        var (api, userId) = await service.TenantAsync();
        var body = JsonDocument.Parse(extra).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.Clone());
        body["userId"] = userId;

        var response = await api.PostAsJsonAsync("connect/sessions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task TheRedirectUriMustBeAllowedAndResultsGoBackToItWithTheCredential()
    {
        var (api, userId) = await service.TenantAsync();
        var (_, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector }, redirectUri = service.Landing.AbsoluteUri + "?app=crm" });
        using var page = service.WithToken(token);

        var view = await page.GetFromJsonAsync<JsonElement>("connect/session");
        var created = await (await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-redirect"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(service.Landing.GetLeftPart(UriPartial.Authority), view.GetProperty("openerOrigin").GetString());
        var credentialId = created.GetProperty("credentialId").GetString()!;
        Assert.Equal($"{service.Landing.AbsoluteUri}?app=crm&credentialId={credentialId}&connectorId={KeyConnector}", created.GetProperty("redirectUrl").GetString());
    }

    [Fact]
    public async Task TheSessionOffersOnlyItsConnectorsAndByDefaultEveryUsableOne()
    {
        var (api, userId) = await service.TenantAsync();
        var (_, _, listedToken) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        var (_, _, allToken) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId });
        using var listed = service.WithToken(listedToken);
        using var all = service.WithToken(allToken);

        var other = await listed.PostAsJsonAsync("connect/session/credentials", new { connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = "k" } });
        var wrongType = await listed.PostAsJsonAsync("connect/session/credentials", new { connectorId = KeyConnector, authenticationType = "oauth2" });
        var offered = (await all.GetFromJsonAsync<JsonElement>("connect/session")).GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("connectorId").GetString()).ToList();

        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.True((await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("connectorId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains(KeyConnector, offered);
        Assert.Contains(ConnectServiceFixture.OAuthConnector, offered);
        Assert.Contains("freshdesk", offered);
        Assert.DoesNotContain("hubspot", offered);
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task OnlyTheTokensHashIsStoredAndTheTokenReachesNoLog()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        using (var page = service.WithToken(token))
        {
            Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("connect/session")).StatusCode);
        }

        var table = new TableServiceClient(service.Azurite.ConnectionString).GetTableClient(TableNames.Credentials);
        var row = (await table.GetEntityAsync<TableEntity>(userId, ConnectSessionStore.Row(sessionId))).Value;
        var secret = token[(sessionId.Length + 1)..];

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), row.GetBinary("TokenHash"));
        Assert.DoesNotContain(((IDictionary<string, object>)row).Values, v => v?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(service.AllTelemetryText(), line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingMalformedUnknownAndRevokedTokensAndTenantKeysAreRefusedAlike()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        var (revokedId, _, revokedToken) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"connect/sessions/{revokedId}")).StatusCode);
        var wrongSecret = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var unknown = ConnectSessionToken.New(ResourceIds.NewConnectSession(userId));

        string? firstBody = null;
        foreach (var presented in new string?[] { null, "", "not-a-token", wrongSecret, unknown, revokedToken, sessionId })
        {
            foreach (var (method, route) in new[] { ("GET", "connect/session"), ("POST", "connect/session/credentials") })
            {
                using var client = presented is null ? service.Anonymous() : service.WithToken(presented);
                using var request = new HttpRequestMessage(new HttpMethod(method), route) { Content = JsonContent.Create(KeyBody("good-x")) };
                var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {route} with '{presented}' answered {(int)response.StatusCode}");
                var body = await response.Content.ReadAsStringAsync();
                firstBody ??= body;
                Assert.Equal(firstBody, body);
            }
        }

        // A tenant key is no session token either.
        using var withKey = service.Anonymous();
        withKey.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync("connect/session")).StatusCode);
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task ARevokedSessionIsGoneForTheTenantAndItsToken()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        using var page = service.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("connect/session")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"connect/sessions/{sessionId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"connect/sessions/{sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"connect/sessions/{sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.GetAsync("connect/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-after"))).StatusCode);
    }

    [Fact]
    public async Task AnotherTenantsSessionIdAnswersLikeAnUnknownOneAndATokenActsOnlyForItsUser()
    {
        var (owner, userId) = await service.TenantAsync("Owner");
        var (intruder, intruderUser) = await service.TenantAsync("Intruder");
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(owner, new { userId, connectors = new[] { KeyConnector } });
        var unknownId = ResourceIds.NewConnectSession(intruderUser);

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            var foreign = await intruder.SendAsync(new HttpRequestMessage(method, $"connect/sessions/{sessionId}"));
            var unknown = await intruder.SendAsync(new HttpRequestMessage(method, $"connect/sessions/{unknownId}"));
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.Equal(await unknown.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync("connect/sessions/not-a-session")).StatusCode);
        using var page = service.WithToken(token);
        var naming = await page.PostAsJsonAsync("connect/session/credentials", new { userId = intruderUser, connectorId = KeyConnector, authenticationType = "apiKey", data = new { workspace = "acme", apiKey = "good-k" } });
        Assert.Equal(HttpStatusCode.BadRequest, naming.StatusCode);
        Assert.True((await naming.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("userId", out _));

        var created = await (await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-own"))).Content.ReadFromJsonAsync<JsonElement>();
        var credentialId = created.GetProperty("credentialId").GetString()!;
        Assert.Equal(userId, (await owner.GetFromJsonAsync<JsonElement>($"credentials/{credentialId}")).GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"credentials/{credentialId}")).StatusCode);
        Assert.Equal(0, (await intruder.GetFromJsonAsync<JsonElement>($"users/{intruderUser}/credentials")).GetProperty("credentials").GetArrayLength());
        Assert.Equal("completed", (await owner.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheSessionOfADeletedUserAnswersAsExpired()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"users/{userId}")).StatusCode);

        Assert.Equal("expired", (await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}")).GetProperty("status").GetString());
        using var page = service.WithToken(token);
        var view = await page.GetFromJsonAsync<JsonElement>("connect/session");
        Assert.Equal("expired", view.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Gone, (await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-deleted"))).StatusCode);
    }

    [Fact]
    public async Task CreationAttemptsAreLimitedToTenAMinutePerSession()
    {
        var (api, userId) = await service.TenantAsync();
        var (_, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        var (_, _, otherToken) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        using var page = service.WithToken(token);
        using var other = service.WithToken(otherToken);
        var bad = new { connectorId = KeyConnector, authenticationType = "apiKey", data = new { workspace = "Not Valid", apiKey = "k" } };

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await page.PostAsJsonAsync("connect/session/credentials", bad)).StatusCode);
        }

        var limited = await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-limited"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("rate_limited", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.PostAsJsonAsync("connect/session/credentials", bad)).StatusCode);

        service.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-later"))).StatusCode);
    }

    [Fact]
    public async Task TheProvidersVerdictAndTheLastErrorReachTheTenant()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        using var page = service.WithToken(token);

        var refused = await page.PostAsJsonAsync("connect/session/credentials", KeyBody("bad-key"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("verification_failed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var polled = await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}");
        Assert.Equal("pending", polled.GetProperty("status").GetString());
        Assert.Equal("verification_failed", polled.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task TheCredentialCreatedEventNamesTheSession()
    {
        var (api, userId) = await service.TenantAsync(extraSettings: new { webhookUrl = "http://127.0.0.1:9/hooks" });
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        using var page = service.WithToken(token);
        var credentialId = (await (await page.PostAsJsonAsync("connect/session/credentials", KeyBody("good-event"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString();

        var table = new TableServiceClient(service.Azurite.ConnectionString).GetTableClient(TableNames.Credentials);
        var events = new List<JsonElement>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == userId))
        {
            if (row.RowKey.StartsWith(Core.Webhooks.OutboxRows.RowPrefix, StringComparison.Ordinal))
            {
                events.Add(JsonDocument.Parse(row.GetString("Body")).RootElement);
            }
        }

        var created = Assert.Single(events, e => e.GetProperty("type").GetString() == "credential.created");
        Assert.Equal(credentialId, created.GetProperty("credentialId").GetString());
        Assert.Equal(sessionId, created.GetProperty("data").GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task AnOAuthFlowFromThePageReturnsToThePageAndCompletesTheSession()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, url, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { ConnectServiceFixture.AutoConnector } });
        using var page = service.WithToken(token);

        var start = await page.PostAsJsonAsync("connect/session/credentials", new { connectorId = ConnectServiceFixture.AutoConnector, authenticationType = "oauth2" });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var (final, query) = await OAuthTestClient.FollowAsync((await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oauthUrl").GetString()!);

        Assert.Equal(new Uri(url).GetLeftPart(UriPartial.Path), final.GetLeftPart(UriPartial.Path));
        Assert.Equal(sessionId, query["session"]);
        var polled = await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}");
        Assert.Equal("completed", polled.GetProperty("status").GetString());
        Assert.Equal(query["credentialId"], Assert.Single(polled.GetProperty("credentialIds").EnumerateArray()).GetString());
        Assert.Equal("active", (await api.GetFromJsonAsync<JsonElement>($"credentials/{query["credentialId"]}")).GetProperty("status").GetString());

        // The session is used: a second flow from its page is refused before it starts.
        var again = await page.PostAsJsonAsync("connect/session/credentials", new { connectorId = ConnectServiceFixture.AutoConnector, authenticationType = "oauth2" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task AFlowStartedBeforeARevokeGetsNoCredentialAndItsGrantIsRevoked()
    {
        var (api, userId) = await service.TenantAsync();
        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { ConnectServiceFixture.AutoConnector } });
        using var page = service.WithToken(token);
        var start = await page.PostAsJsonAsync("connect/session/credentials", new { connectorId = ConnectServiceFixture.AutoConnector, authenticationType = "oauth2" });
        var callback = await OAuthTestClient.CallbackUrlAsync((await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oauthUrl").GetString()!);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"connect/sessions/{sessionId}")).StatusCode);
        var (_, query) = await OAuthTestClient.FollowAsync(callback.AbsoluteUri);

        Assert.Equal("session_expired", query["error"]);
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task AReconnectSessionRepairsTheCredentialInPlace()
    {
        var (api, userId) = await service.TenantAsync();
        var (_, _, firstToken) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { ConnectServiceFixture.AutoConnector } });
        using var first = service.WithToken(firstToken);
        var start = await first.PostAsJsonAsync("connect/session/credentials", new { connectorId = ConnectServiceFixture.AutoConnector, authenticationType = "oauth2" });
        var (_, landed) = await OAuthTestClient.FollowAsync((await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oauthUrl").GetString()!);
        var credentialId = landed["credentialId"];

        var (sessionId, _, token) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, reauthorizeCredentialId = credentialId });
        using var page = service.WithToken(token);
        var view = await page.GetFromJsonAsync<JsonElement>("connect/session");
        Assert.Equal(ConnectServiceFixture.AutoConnector, view.GetProperty("reauthorizeConnectorId").GetString());
        var reconnect = await page.PostAsJsonAsync("connect/session/credentials", new { connectorId = ConnectServiceFixture.AutoConnector, authenticationType = "oauth2" });
        var (_, query) = await OAuthTestClient.FollowAsync((await reconnect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oauthUrl").GetString()!);

        Assert.Equal(credentialId, query["credentialId"]);
        var polled = await api.GetFromJsonAsync<JsonElement>($"connect/sessions/{sessionId}");
        Assert.Equal("completed", polled.GetProperty("status").GetString());
        Assert.Equal(credentialId, Assert.Single(polled.GetProperty("credentialIds").EnumerateArray()).GetString());
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task NoFlowButAConnectSessionsMayReturnToTheServicesOwnPage()
    {
        var pageUrl = new Uri(service.BaseAddress, "api/connect").AbsoluteUri;
        var (_, key) = await service.CreateTenantAsync("Sneaky");
        using var api = service.WithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync("settings", new { allowedRedirectUris = new[] { pageUrl } })).StatusCode);
        var userId = await Credentials.TestSupport.Service.ServiceFixture.CreateUserAsync(api, "sneaky");

        var start = await api.PostAsJsonAsync("credentials", new { userId, connectorId = ConnectServiceFixture.AutoConnector, authenticationType = "oauth2", redirectUri = pageUrl + "?session=x" });

        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        Assert.True((await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("redirectUri", out _));
    }

    [Fact]
    public async Task ThePageIsServedWithAStrictPolicyAndTheTenantsFrameOrigins()
    {
        var (api, userId) = await service.TenantAsync(extraSettings: new { allowedFrameOrigins = new[] { "https://app.acme.example", "https://Portal.Acme.Example:8443/" } });
        var (sessionId, _, _) = await ConnectServiceFixture.CreateSessionAsync(api, new { userId, connectors = new[] { KeyConnector } });
        using var anonymous = service.Anonymous();

        var page = await anonymous.GetAsync($"connect?session={sessionId}");
        var unknown = await anonymous.GetAsync("connect?session=cns-unknown");
        var script = await anonymous.GetAsync("connect/assets/connect.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.EndsWith("frame-ancestors https://app.acme.example https://portal.acme.example:8443", csp, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.EndsWith("frame-ancestors 'none'", unknown.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", unknown.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.DoesNotMatch(@"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|eval\(", await script.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("connect/assets/appsettings.json")).StatusCode);
    }

    [Theory]
    [InlineData("""{"accentColor":"blue"}""", "accentColor")]
    [InlineData("""{"accentColor":"#12345"}""", "accentColor")]
    [InlineData("""{"displayName":""}""", "displayName")]
    [InlineData("""{"allowedFrameOrigins":["http://app.example.com"]}""", "allowedFrameOrigins[0]")]
    [InlineData("""{"allowedFrameOrigins":["https://app.example.com/embed"]}""", "allowedFrameOrigins[0]")]
    [InlineData("""{"allowedFrameOrigins":["https://*.example.com"]}""", "allowedFrameOrigins[0]")]
    [InlineData("""{"allowedFrameOrigins":["https://app.example.com; script-src *"]}""", "allowedFrameOrigins[0]")]
    public async Task BadPageSettingsAre400AndChangeNothing(string body, string field)
    {
        var (_, key) = await service.CreateTenantAsync("Settings");
        using var api = service.WithKey(key);

        var response = await api.PutAsync("settings", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        var settings = await api.GetFromJsonAsync<JsonElement>("settings");
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("accentColor").ValueKind);
        Assert.Equal(0, settings.GetProperty("allowedFrameOrigins").GetArrayLength());
    }

    private static object KeyBody(string apiKey) => new { connectorId = KeyConnector, authenticationType = "apiKey", data = new { workspace = "acme", apiKey } };
}
