using Credentials.Core.Hosting;
using Credentials.Functions.ConnectPage;
using Credentials.Functions.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Credentials.Functions;

/// <summary>What both hosts (the Functions worker and DevServer) register: the service plus the HTTP plumbing the functions use.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Adds the credentials service and the functions' own dependencies.</summary>
    public static IServiceCollection AddCredentialsFunctions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddCredentialsService(configuration, environment);

        // ASP.NET Core logs every request URL with its query at Information: OAuth callbacks carry codes there.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        services.TryAddSingleton<ApiCall>();
        services.TryAddSingleton<IdempotentCall>();
        services.TryAddSingleton<ConnectPageAssets>();
        return services;
    }
}
