using Credentials.Core.Configuration;
using System.Text.RegularExpressions;
using Credentials.DevServer;
using Credentials.DevServer.Functions;
using Credentials.DevServer.Hosting;
using Credentials.DevServer.Http;
using Credentials.Functions.Api;
using Credentials.TestSupport;
using Microsoft.Extensions.Configuration;

namespace Credentials.IntegrationTests.DevServer;

/// <summary>DevServer over the real Functions assembly, spoken to over real HTTP.</summary>
public partial class FunctionRoutesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task EveryHttpFunctionAnswersAtTheRouteItsAttributeDeclares()
    {
        var functions = FunctionCatalog.Discover(typeof(HealthFunction).Assembly).HttpFunctions;
        var routePrefix = HttpRoutePrefix.Read(HttpRoutePrefix.HostJsonPath, new ConfigurationBuilder().Build());
        await using var server = await InProcessDevServer.StartAsync(
            typeof(HealthFunction).Assembly,
            FunctionsServices.Register,
            builder =>
            {
                DevelopmentDefaults.Apply(builder);
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = azurite.TableConnectionString,
                    ["Credentials:TableStorage"] = azurite.TableConnectionString,
                });
            });
        using var client = server.CreateClient();

        Assert.Equal(server.BaseAddress.ToString().TrimEnd('/'), server.App.Configuration["Credentials:PublicBaseUrl"]);
        Assert.NotEmpty(functions);
        foreach (var function in functions)
        {
            var path = FunctionRouteTemplate.ToEndpointPattern(function.Name, routePrefix, function.Route);
            var url = RouteParameter().Replace(path, match => Placeholder(match.Groups["constraint"].Value)).TrimStart('/');
            foreach (var method in function.HttpMethods.DefaultIfEmpty("GET"))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                using var response = await client.SendAsync(request);

                Assert.True(
                    response.Headers.TryGetValues(DevServerApp.FunctionHeader, out var answeredBy) && answeredBy.Single() == function.Name,
                    $"{method} /{url} should be answered by {function.Name}; got {(int)response.StatusCode} from {string.Join(",", answeredBy ?? [])}");
            }
        }
    }

    /// <summary>A value that satisfies the route parameter's first constraint, so the route matches.</summary>
    private static string Placeholder(string constraint) => constraint.ToLowerInvariant() switch
    {
        "int" or "long" or "decimal" or "double" or "float" => "1",
        "guid" => "00000000-0000-0000-0000-000000000001",
        "bool" => "true",
        "datetime" => "2025-01-01",
        _ => "x1",
    };

    [GeneratedRegex(@"\{\*{0,2}[^{}:=?]+(:(?<constraint>[a-zA-Z]+))?[^{}]*\}")]
    private static partial Regex RouteParameter();
}
