using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests.Security;

[Collection(ServiceCollection.Name)]
[OwaspRisk("API8:2023", "Security Misconfiguration")]
public class Api8SecurityMisconfigurationTests(ServiceFixture service)
{
    [Fact]
    [SecurityCase("The OAuth callback's page forbids framing, sniffing, scripts and caching: CSP default-src 'none' and frame-ancestors 'none', nosniff, X-Frame-Options DENY, no-store, no-referrer")]
    public async Task TheCallbackPageCarriesBrowserSecurityHeaders()
    {
        var response = await SecurityScenario.CallbackAsync(service, "hubspot", "state=unknown-state&code=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [SecurityCase("A JSON body that is not valid UTF-8 answers 400 validation_failed, never 500")]
    [InlineData(new byte[] { 0x7B, 0x22, 0x75, 0x73, 0x65, 0x72, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x75, 0x73, 0x65, 0x72, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D })]
    public async Task InvalidUtf8IsABadRequest(byte[] body)
    {
        var (_, key) = await service.CreateTenantAsync("Bad UTF-8");
        using var api = service.WithKey(key);

        var response = await api.PostAsync("users", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", (await SecurityScenario.ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Theory]
    [SecurityCase("A lone surrogate escape (\\ud800) in a value or a property name answers 400 validation_failed, never 500")]
    [InlineData("""{"username":"a\ud800b"}""")]
    [InlineData("""{"username":"ok","fullName":"\udc00"}""")]
    [InlineData("""{"\ud800":"x"}""")]
    public async Task LoneSurrogatesAreABadRequest(string body)
    {
        var (_, key) = await service.CreateTenantAsync("Lone surrogate");
        using var api = service.WithKey(key);

        var response = await api.PostAsync("users", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", (await SecurityScenario.ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Theory]
    [SecurityCase("Control characters in any text field are refused with 400 naming the field, secret fields included (an API key with CR LF would break every proxied call)")]
    [InlineData("data.apiKey", """{"userId":"$USER","connectorId":"freshdesk","authenticationType":"apiKey","data":{"domain":"acme","apiKey":"abc\r\nX-Injected: 1"}}""")]
    [InlineData("data.apiKey", """{"userId":"$USER","connectorId":"freshdesk","authenticationType":"apiKey","data":{"domain":"acme","apiKey":"abc\u0000"}}""")]
    [InlineData("name", """{"userId":"$USER","connectorId":"freshdesk","authenticationType":"apiKey","name":"tab\there","data":{"domain":"acme","apiKey":"abc"}}""")]
    public async Task ControlCharactersInTextAreRefused(string field, string body)
    {
        var (_, _, api, userId) = await SecurityScenario.TenantAsync(service, "Control characters");

        var response = await api.PostAsync("credentials", new StringContent(body.Replace("$USER", userId, StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await SecurityScenario.ProblemAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"users/{userId}/credentials")).GetProperty("credentials").GetArrayLength());
    }

    [Fact]
    [SecurityCase("Every API answer, success or problem, carries X-Content-Type-Options: nosniff, and problems never carry stack traces or type names")]
    public async Task AnswersAreNotSniffableAndProblemsRevealNoInternals()
    {
        var (_, key) = await service.CreateTenantAsync("Headers");
        using var api = service.WithKey(key);

        var ok = await api.GetAsync("settings");
        var problem = await api.PostAsync("users", new StringContent("{\"username\":", Encoding.UTF8, "application/json"));

        Assert.Equal("nosniff", ok.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("nosniff", problem.Headers.GetValues("X-Content-Type-Options").Single());
        var text = await problem.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }
}
