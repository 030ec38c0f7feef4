using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.DevServer.Hosting;
using Credentials.DevServer.Timers;
using Credentials.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Credentials.UnitTests.DevServer;

/// <summary>DevServer over this test assembly's sample functions, on a real loopback port.</summary>
public class DevServerAppTests
{
    private static readonly Dictionary<string, string?> QuietTimers = new()
    {
        ["SampleSchedule"] = "0 0 0 1 1 *",
        ["AzureWebJobs.SampleStartupTimer.Disabled"] = "true",
        ["AzureWebJobs.SampleFlakyTimer.Disabled"] = "true",
    };

    [Fact]
    public async Task MapsRouteValuesToSameNamedParametersUnderTheRoutePrefix()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync("api/samples/s1/items/a/b");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SampleEcho", FunctionHeader(response));
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        Assert.Equal("s1", body.RootElement.GetProperty("sampleId").GetString());
        Assert.Equal("a/b", body.RootElement.GetProperty("rest").GetString());
    }

    [Fact]
    public async Task ADisabledHttpFunctionAnswers404LikeTheHost()
    {
        await using var server = await StartAsync(("AzureWebJobs.SampleDisabled.Disabled", "true"));
        using var client = server.CreateClient();

        using var disabled = await client.GetAsync("api/samples/disabled");
        using var enabled = await client.GetAsync("api/SampleDefaultRoute");

        Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
        Assert.False(disabled.Headers.Contains(DevServerApp.FunctionHeader));
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
    }

    [Fact]
    public async Task ADisabledTimerIsNotScheduled()
    {
        await using var server = await StartAsync();

        var scheduled = server.App.Services.GetServices<IHostedService>().OfType<TimerFunctionService>().Select(s => s.FunctionName);

        Assert.Equal(["SampleTimer"], scheduled);
    }

    [Fact]
    public void AMissingScheduleSettingStopsStartUpNamingIt()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => DevServerApp.Build(
            ["--urls", "http://127.0.0.1:0"],
            typeof(DevServerAppTests).Assembly,
            RegisterSamples));

        Assert.Contains("'SampleSchedule'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'SampleTimer'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFunctionWithoutRouteAnswersAtItsNameForEachDeclaredMethod()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        using var get = await client.GetAsync("api/SampleDefaultRoute");
        using var post = await client.PostAsync("api/sampledefaultroute", null);
        using var put = await client.PutAsync("api/SampleDefaultRoute", null);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
    }

    [Fact]
    public async Task AnUnhandledExceptionAnswers500ProblemDetailsWithoutItsDetail()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        using var response = await client.GetAsync("api/samples/failure");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("SampleFailure", FunctionHeader(response));
        Assert.DoesNotContain("canary-secret-detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInstanceFunctionIsBuiltPerRequestFromTheRequestScope()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        var first = await client.GetFromJsonAsync<JsonElement>("api/samples/injected/7");
        var second = await client.GetFromJsonAsync<JsonElement>("api/samples/injected/7");
        using var notAnInt = await client.GetAsync("api/samples/injected/seven");

        Assert.Equal("7", first.GetProperty("id").GetString());
        Assert.NotEqual(first.GetProperty("dependency").GetGuid(), second.GetProperty("dependency").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, notAnInt.StatusCode);
    }

    [Fact]
    public async Task AnActionResultIsExecuted()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>("api/samples/action");

        Assert.Equal("action", body.GetProperty("kind").GetString());
    }

    private static Task<InProcessDevServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(QuietTimers);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return InProcessDevServer.StartAsync(
            typeof(DevServerAppTests).Assembly,
            RegisterSamples,
            builder => builder.Configuration.AddInMemoryCollection(all));
    }

    private static void RegisterSamples(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
        => services.AddScoped<SampleDependency>().AddSingleton(TimeProvider.System).AddSingleton<SampleTimerLog>();

    private static string? FunctionHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues(DevServerApp.FunctionHeader, out var values) ? values.Single() : null;
}
