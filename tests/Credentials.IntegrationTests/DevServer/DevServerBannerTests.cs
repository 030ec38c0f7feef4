using System.Net;
using System.Text.Json;
using Credentials.DevServer;
using Credentials.DevServer.Hosting;
using Credentials.DevServer.Storage;
using Credentials.Functions.Api;
using Credentials.TestSupport;
using Microsoft.Extensions.Configuration;

namespace Credentials.IntegrationTests.DevServer;

/// <summary>DevServer with its development defaults: what its banner says, and what it answers besides the functions.</summary>
public sealed class DevServerBannerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task TheBannerNamesEverythingANewcomerNeedsAndKeepsTheAdminKeyLast()
    {
        var storageSettings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.TableConnectionString }).Build();
        await using var storage = await DevServerStorage.PrepareAsync(storageSettings);
        await using var server = await InProcessDevServer.StartAsync(typeof(HealthFunction).Assembly, FunctionsServices.Register, builder =>
        {
            DevelopmentDefaults.Apply(builder);
            builder.Configuration.AddConfiguration(storageSettings);
        });
        var url = server.BaseAddress.AbsoluteUri.TrimEnd('/');
        using var output = new StringWriter();

        DevServerBanner.Print(server.App, storage, output);

        var banner = output.ToString();
        var summary = banner[banner.IndexOf("DevServer (Development) listening on", StringComparison.Ordinal)..];
        Assert.Contains($"{url}/api/openapi.json", summary, StringComparison.Ordinal);
        Assert.Contains(DevelopmentDefaults.AdminApiKey, summary, StringComparison.Ordinal);
        Assert.Contains($"the configured AzureWebJobsStorage: TableEndpoint=http://127.0.0.1:{azurite.TablePort}", summary, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteLauncher.AccountKey, banner, StringComparison.Ordinal);
        Assert.Contains($"{url}/api/oauth/callback/{{connectorId}}", summary, StringComparison.Ordinal);
        Assert.Contains("'sandbox' (oauth2) and 'sandbox-key' (apiKey)", summary, StringComparison.Ordinal);
        Assert.Contains($"{url}/docs/errors.md", summary, StringComparison.Ordinal);
        Assert.Contains("--no-build", summary, StringComparison.Ordinal);
        Assert.Contains("ListUsers", banner[..banner.IndexOf("DevServer (Development)", StringComparison.Ordinal)], StringComparison.Ordinal);

        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("sandbox/")).StatusCode);
        var ready = JsonDocument.Parse(await client.GetStringAsync("api/health/ready")).RootElement;
        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReadinessAnswers503NamingTheDependencyThatDoesNotAnswerWhileLivenessStaysOk()
    {
        var deadTables = AzuriteLauncher.ConnectionStringFor(AzuriteLaunchOptions.FreeLoopbackPort());
        await using var server = await InProcessDevServer.StartAsync(typeof(HealthFunction).Assembly, FunctionsServices.Register, builder =>
        {
            DevelopmentDefaults.Apply(builder);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = deadTables });
        });
        using var client = server.CreateClient();

        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await client.GetAsync("api/health/ready");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not_ready", problem.GetProperty("code").GetString());
        var tables = problem.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "tables");
        Assert.NotEqual("ok", tables.GetProperty("status").GetString());
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"the probe took {started.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/health")).StatusCode);
    }
}
