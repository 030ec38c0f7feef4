using System.Reflection;
using Credentials.DevServer;
using Credentials.DevServer.Hosting;
using Credentials.DevServer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Credentials.TestSupport;

/// <summary>DevServer running inside the test process on a real loopback port, for tests that speak HTTP to it.</summary>
public sealed class InProcessDevServer : IAsyncDisposable
{
    private InProcessDevServer(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The running app (its <c>Services</c>, <c>Configuration</c>, ...).</summary>
    public WebApplication App { get; }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Builds DevServer for <paramref name="functionsAssembly"/> in the Development environment and starts it on a
    /// free loopback port. The port is chosen before the build (not port 0), so settings derived from <c>urls</c>,
    /// such as <see cref="DevelopmentDefaults"/>' PublicBaseUrl, name the real address.
    /// </summary>
    public static async Task<InProcessDevServer> StartAsync(
        Assembly functionsAssembly,
        Action<IServiceCollection, IConfiguration, IHostEnvironment> registerServices,
        Action<WebApplicationBuilder>? customize = null,
        CancellationToken cancellationToken = default)
    {
        var app = DevServerApp.Build(
            ["--urls", $"http://127.0.0.1:{AzuriteLaunchOptions.FreeLoopbackPort()}", "--environment", Environments.Development],
            functionsAssembly,
            registerServices,
            customize);
        try
        {
            await app.StartAsync(cancellationToken);
            return new InProcessDevServer(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client whose base address is this server.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
