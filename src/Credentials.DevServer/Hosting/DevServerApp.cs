using Credentials.Core.Configuration;
using System.Reflection;
using Credentials.DevServer.Functions;
using Credentials.DevServer.Http;
using Credentials.DevServer.Sandbox;
using Credentials.DevServer.Timers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credentials.DevServer.Hosting;

/// <summary>
/// Builds a Kestrel app that runs the function classes of a Functions assembly: every enabled HTTP function mapped
/// under host.json's route prefix, every enabled timer function on its schedule. Used by Program, the end-to-end
/// tests and the benchmarks alike.
/// </summary>
public static partial class DevServerApp
{
    /// <summary>The response header naming the function that answered.</summary>
    public const string FunctionHeader = HttpFunctionEndpoints.FunctionHeader;

    /// <summary>Builds the app; start it with <c>StartAsync</c> or <c>RunAsync</c>.</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--environment</c>, settings).</param>
    /// <param name="functionsAssembly">The assembly whose <c>[Function]</c> methods are run.</param>
    /// <param name="registerServices">Registers the services the functions need (the same call the Functions Program makes).</param>
    /// <param name="customize">Adjusts the builder (configuration, logging, services) before <paramref name="registerServices"/> runs.</param>
    /// <exception cref="InvalidOperationException">A function cannot be run faithfully, or a timer schedule names a missing setting.</exception>
    public static WebApplication Build(
        string[] args,
        Assembly functionsAssembly,
        Action<IServiceCollection, IConfiguration, IHostEnvironment> registerServices,
        Action<WebApplicationBuilder>? customize = null)
    {
        var builder = CreateBuilder(args);
        customize?.Invoke(builder);
        return Build(builder, functionsAssembly, registerServices);
    }

    /// <summary>The builder DevServer starts from; its configuration holds the command line and environment, before any defaults.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateBuilder(args);

    /// <summary>Builds the app from a prepared <paramref name="builder"/> (configuration, logging and services adjusted).</summary>
    /// <exception cref="InvalidOperationException">A function cannot be run faithfully, or a timer schedule names a missing setting.</exception>
    public static WebApplication Build(
        WebApplicationBuilder builder,
        Assembly functionsAssembly,
        Action<IServiceCollection, IConfiguration, IHostEnvironment> registerServices)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(functionsAssembly);
        ArgumentNullException.ThrowIfNull(registerServices);
        registerServices(builder.Services, builder.Configuration, builder.Environment);

        var configuration = builder.Configuration;
        var catalog = FunctionCatalog.Discover(functionsAssembly);
        var disabled = catalog.HttpFunctions.Select(f => f.Name)
            .Concat(catalog.TimerFunctions.Select(f => f.Name))
            .Where(name => DisabledFunctionSetting.IsDisabled(configuration, name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var httpFunctions = catalog.HttpFunctions.Where(f => !disabled.Contains(f.Name)).ToList();
        var timerFunctions = catalog.TimerFunctions.Where(f => !disabled.Contains(f.Name)).ToList();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSandbox(configuration);
        if (httpFunctions.Any(f => f.ReturnsActionResult))
        {
            builder.Services.AddMvcCore();
        }

        foreach (var timer in timerFunctions)
        {
            // Resolved now, so a missing setting stops start-up with its name rather than failing later.
            var schedule = TimerSchedule.Resolve(timer, configuration);
            builder.Services.AddSingleton<IHostedService>(services => new TimerFunctionService(
                timer,
                schedule,
                services.GetRequiredService<IServiceScopeFactory>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<TimerFunctionService>>()));
        }

        var routePrefix = HttpRoutePrefix.Read(HttpRoutePrefix.HostJsonPath, configuration);
        var app = builder.Build();
        app.UseProblemsForUnmatchedRequests(routePrefix);
        app.MapHttpFunctions(httpFunctions, routePrefix);
        app.MapSandbox();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DevServerApp).FullName!);
        foreach (var name in disabled)
        {
            LogDisabled(logger, name);
        }

        foreach (var name in catalog.UnsupportedFunctions)
        {
            LogUnsupported(logger, name);
        }

        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Function {FunctionName} is disabled by an AzureWebJobs.<name>.Disabled setting: not mapped, not scheduled")]
    private static partial void LogDisabled(ILogger logger, string functionName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName} has a trigger DevServer does not run (only HTTP and timer triggers)")]
    private static partial void LogUnsupported(ILogger logger, string functionName);
}
