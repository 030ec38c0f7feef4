using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Credentials.Core.Storage;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests;

/// <summary>Invariant I8 over HTTP: a retried create with the same Idempotency-Key gets the first answer, never a second resource.</summary>
[Collection(ServiceCollection.Name)]
public class IdempotencyTests(ServiceFixture service)
{
    private const string KeyHeader = "Idempotency-Key";
    private const string ReplayedHeader = "Idempotent-Replayed";

    [Fact]
    public async Task ARetriedCreateUserGetsTheFirstAnswerAgain()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Idem users");
        using var client = service.WithKey(apiKey);
        var key = NewKey();
        const string body = """{"username":"retry.me","fullName":"Retry Me"}""";

        var first = await PostAsync(client, "users", body, key);
        var second = await PostAsync(client, "users", body, key);

        // Without the key the retry would be 409: the username is taken by the first attempt.
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains(ReplayedHeader));
        Assert.Equal(["true"], second.Headers.GetValues(ReplayedHeader));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Content.Headers.ContentType, second.Content.Headers.ContentType);
        var userId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString();
        Assert.Equal($"/api/users/{userId}", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"users/{userId}")).StatusCode);
    }

    [Fact]
    public async Task ARetriedCreateCredentialGetsTheFirstAnswerAndOnlyOneCredentialExists()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Idem credentials");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "idem");
        var key = NewKey();
        var body = CredentialBody(userId, "acme");

        var first = await PostAsync(client, "credentials", body, key);
        var second = await PostAsync(client, "credentials", body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains(ReplayedHeader));
        Assert.Equal(["true"], second.Headers.GetValues(ReplayedHeader));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        var credentialId = await CredentialIdAsync(first);
        Assert.Equal([credentialId], await ListCredentialIdsAsync(client, userId));
    }

    [Fact]
    public async Task ADifferentBodyWithAUsedKeyIs422AndCreatesNothing()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Idem reuse");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "idem-reuse");
        var key = NewKey();
        var first = await PostAsync(client, "credentials", CredentialBody(userId, "acme"), key);

        var reused = await PostAsync(client, "credentials", CredentialBody(userId, "other"), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("idempotency_key_reused", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal([await CredentialIdAsync(first)], await ListCredentialIdsAsync(client, userId));

        // The same key on the other create route is a different request too.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(client, "users", """{"username":"someone"}""", key)).StatusCode);
    }

    [Fact]
    public async Task AKeyBelongsToItsTenant()
    {
        var (_, keyA) = await service.CreateTenantAsync("Idem A");
        var (_, keyB) = await service.CreateTenantAsync("Idem B");
        using var a = service.WithKey(keyA);
        using var b = service.WithKey(keyB);
        var key = NewKey();
        const string body = """{"username":"same.person"}""";

        var created = await PostAsync(a, "users", body, key);
        var other = await PostAsync(b, "users", body, key);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.False(other.Headers.Contains(ReplayedHeader));
        var userA = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString();
        var userB = (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString();
        Assert.NotEqual(userA, userB);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"users/{userB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"users/{userA}")).StatusCode);
    }

    [Fact]
    public async Task TenConcurrentRequestsWithOneKeyCreateExactlyOneCredential()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Idem race");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "idem-race");
        var key = NewKey();
        var body = CredentialBody(userId, "race");

        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await PostAsync(client, "credentials", body, key);
        }).ToList();
        start.Release(10);
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"unexpected {r.StatusCode}"));
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Single(created, r => !r.Headers.Contains(ReplayedHeader));
        var ids = new HashSet<string>();
        foreach (var response in created)
        {
            ids.Add(await CredentialIdAsync(response));
        }

        foreach (var busy in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("1", busy.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("conflict", (await busy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        Assert.Single(ids);
        Assert.Equal(ids.ToList(), await ListCredentialIdsAsync(client, userId));

        // Once the first has finished, a retry is a replay.
        var later = await PostAsync(client, "credentials", body, key);
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.Equal(["true"], later.Headers.GetValues(ReplayedHeader));
        Assert.Equal(ids.Single(), await CredentialIdAsync(later));
    }

    [Fact]
    public async Task AFailedCreateReleasesTheKeySoACorrectedRetryRuns()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Idem fix");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "idem-fix");
        var key = NewKey();

        var bad = await PostAsync(client, "credentials", $$$"""{"userId":"{{{userId}}}","connectorId":"freshdesk","authenticationType":"apiKey","data":{"domain":"acme"}}""", key);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var corrected = await PostAsync(client, "credentials", CredentialBody(userId, "acme"), key);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.False(corrected.Headers.Contains(ReplayedHeader));
        Assert.Equal([await CredentialIdAsync(corrected)], await ListCredentialIdsAsync(client, userId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\tinside")]
    [InlineData("x256")]
    public async Task AMalformedKeyIs400NamingTheHeaderAndCreatesNothing(string key)
    {
        var (_, apiKey) = await service.CreateTenantAsync("Idem bad key");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "idem-bad-key");

        var response = await PostAsync(client, "credentials", CredentialBody(userId, "acme"), key == "x256" ? new string('x', 256) : key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Equal([KeyHeader], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Empty(await ListCredentialIdsAsync(client, userId));
    }

    [Fact]
    public async Task TheKeyIsNeitherLoggedNorStoredRaw()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Idem canary");
        using var client = service.WithKey(apiKey);
        const string canary = "CANARY-idempotency-key-4d2e91";

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, "users", """{"username":"canary.idem"}""", canary)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, "users", """{"username":"canary.idem"}""", canary)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(client, "users", """{"username":"canary.other"}""", canary)).StatusCode);

        Assert.True(service.ExportedItemCount > 0);
        Assert.DoesNotContain(service.AllTelemetryText(), line => line.Contains(canary, StringComparison.Ordinal));
        var rows = 0;
        await foreach (var row in new TableClient(service.Azurite.ConnectionString, TableNames.Idempotency).QueryAsync<TableEntity>())
        {
            rows++;
            Assert.DoesNotContain(canary, row.PartitionKey + row.RowKey + string.Join(";", ((IDictionary<string, object>)row).Values), StringComparison.Ordinal);
        }

        Assert.True(rows > 0);
    }

    private static string NewKey() => "idem-" + Guid.NewGuid().ToString("N");

    private static string CredentialBody(string userId, string domain)
        => $$$"""{"userId":"{{{userId}}}","connectorId":"freshdesk","authenticationType":"apiKey","data":{"domain":"{{{domain}}}","apiKey":"k-{{{domain}}}"}}""";

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string route, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        Assert.True(request.Headers.TryAddWithoutValidation(KeyHeader, key));
        return await client.SendAsync(request);
    }

    private static async Task<string> CredentialIdAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credentialId").GetString()!;

    private static async Task<List<string>> ListCredentialIdsAsync(HttpClient client, string userId)
        => [.. (await client.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").EnumerateArray().Select(c => c.GetProperty("credentialId").GetString()!)];
}
