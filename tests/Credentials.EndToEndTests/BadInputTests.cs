using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests;

[Collection(ServiceCollection.Name)]
public class BadInputTests(ServiceFixture service)
{
    public static TheoryData<string, string, HttpStatusCode, string> CreateCredentialCases => new()
    {
        { "malformed JSON", "{\"userId\": ", HttpStatusCode.BadRequest, "" },
        { "not an object", "[1,2]", HttpStatusCode.BadRequest, "" },
        { "unknown connector", """{"userId":"$USER","connectorId":"nope","authenticationType":"apiKey","data":{}}""", HttpStatusCode.BadRequest, "connectorId" },
        { "unknown authentication type", """{"userId":"$USER","connectorId":"freshdesk","authenticationType":"telepathy","data":{}}""", HttpStatusCode.BadRequest, "authenticationType" },
        { "wrong type", """{"userId":"$USER","connectorId":"freshdesk","authenticationType":"apiKey","data":{"domain":42,"apiKey":"k"}}""", HttpStatusCode.BadRequest, "data.domain" },
        { "missing secret", """{"userId":"$USER","connectorId":"freshdesk","authenticationType":"apiKey","data":{"domain":"acme"}}""", HttpStatusCode.BadRequest, "data" },
        { "host injection in a templated field", """{"userId":"$USER","connectorId":"freshdesk","authenticationType":"apiKey","data":{"domain":"evil.com/x#","apiKey":"k"}}""", HttpStatusCode.BadRequest, "data.domain" },
        { "unknown field", """{"userId":"$USER","connectorId":"freshdesk","authenticationType":"apiKey","data":{"domain":"acme","apiKey":"k"},"admin":true}""", HttpStatusCode.BadRequest, "" },
        { "user id with forbidden characters", """{"userId":"usr-a/b#c?d","connectorId":"freshdesk","authenticationType":"apiKey","data":{"domain":"acme","apiKey":"k"}}""", HttpStatusCode.BadRequest, "userId" },
    };

    [Theory]
    [MemberData(nameof(CreateCredentialCases))]
    public async Task BadCredentialBodiesAreRefusedWithAProblemAndStoreNothing(string why, string body, HttpStatusCode expected, string field)
    {
        var (_, apiKey) = await service.CreateTenantAsync("Bad " + why);
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "bad-input");

        var response = await client.PostAsync("credentials", new StringContent(body.Replace("$USER", userId, StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        if (field.Length > 0)
        {
            Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith(field, StringComparison.Ordinal));
        }

        var list = await client.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials");
        Assert.Equal(0, list.GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    public async Task OversizedBodyIs413AndStoresNothing()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Big");
        using var client = service.WithKey(apiKey);
        var userId = await ServiceFixture.CreateUserAsync(client, "big");

        var response = await client.PostAsJsonAsync("credentials", new { userId, connectorId = "freshdesk", authenticationType = "apiKey", data = new { domain = "acme", apiKey = new string('k', 70 * 1024) } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Theory]
    [InlineData("users/usr-a%23b")]
    [InlineData("users/usr-a%3Fb")]
    [InlineData("users/usr-a%5Cb")]
    [InlineData("credentials/crd-%01x")]
    [InlineData("credentials/not-an-id")]
    public async Task IdsOfTheWrongShapeAre400(string route)
    {
        var (_, apiKey) = await service.CreateTenantAsync("Ids");
        using var client = service.WithKey(apiKey);

        var response = await client.GetAsync(route);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"username":""}""", "username")]
    [InlineData("""{"username":"has space"}""", "username")]
    [InlineData("""{"username":"a/b"}""", "username")]
    [InlineData("""{"username":42}""", "username")]
    [InlineData("""{"username":"ok","fullName":"bad\u0007bell"}""", "fullName")]
    [InlineData("""{"username":"ok","role":"admin"}""", "role")]
    public async Task BadUserBodiesAre400AndCreateNobody(string body, string field)
    {
        var (_, apiKey) = await service.CreateTenantAsync("Users");
        using var client = service.WithKey(apiKey);

        var response = await client.PostAsync("users", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("users", new { username = "ok" })).StatusCode);
    }

    [Fact]
    public async Task UnknownConnectorMetadataIs404()
    {
        var (_, apiKey) = await service.CreateTenantAsync("Meta");
        using var client = service.WithKey(apiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("connectors/nope/credentials/metadata")).StatusCode);
    }
}
