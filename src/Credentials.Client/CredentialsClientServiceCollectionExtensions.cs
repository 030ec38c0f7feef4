using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.Client;

/// <summary>Registers <see cref="CredentialsClient"/> as a typed <c>HttpClient</c> of <c>IHttpClientFactory</c>.</summary>
public static class CredentialsClientServiceCollectionExtensions
{
    /// <summary>Adds the client with its options; the returned builder adds handlers (resilience, logging) as for any typed client.</summary>
    public static IHttpClientBuilder AddCredentialsClient(this IServiceCollection services, Action<CredentialsClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return services.AddHttpClient<CredentialsClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<CredentialsClientOptions>>().Value;
            CredentialsClient.Configure(http, options);
        });
    }
}
