using System.Net;
using System.Text.Json;
using Credentials.TestSupport.Service;

namespace Credentials.EndToEndTests;

/// <summary>What DevServer answers when no function does: problems, not empty bodies.</summary>
[Collection(ServiceCollection.Name)]
public class UnmatchedRequestTests(ServiceFixture service)
{
    [Fact]
    public async Task AnUnknownRouteIsA404ProblemPointingAtTheOpenApiDocument()
    {
        using var client = service.Anonymous();

        var response = await client.GetAsync("no-such-route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("route_not_found", problem.GetProperty("code").GetString());
        Assert.Contains("/api/openapi.json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKnownRouteWithAnotherMethodIsA405ProblemWithAllow()
    {
        using var client = service.Anonymous();

        var response = await client.DeleteAsync("health");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
        Assert.Equal("method_not_allowed", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheOpenApiDocumentIsServedAnonymously()
    {
        using var client = service.Anonymous();

        var document = JsonDocument.Parse(await client.GetStringAsync("openapi.json")).RootElement;

        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/users/{userId}", out _));
    }
}
