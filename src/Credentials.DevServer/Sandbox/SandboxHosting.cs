using Credentials.Core.Configuration;

namespace Credentials.DevServer.Sandbox;

/// <summary>Adds the sandbox provider to a DevServer app when <c>Credentials__EnableSandbox</c> is on (the options validator refuses it outside Development).</summary>
internal static class SandboxHosting
{
    private static readonly string EnableKey = AppSettings.ConfigurationKey(AppSettings.EnableSandbox);
    private static readonly string PublicBaseUrlKey = AppSettings.ConfigurationKey(AppSettings.PublicBaseUrl);
    private static readonly string LifetimeKey = AppSettings.ConfigurationKey(AppSettings.OptionsPrefix + nameof(CredentialsOptions.SandboxTokenLifetime));

    /// <summary>True when the configuration turns the sandbox on.</summary>
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(EnableKey);

    /// <summary>Registers the provider's state (one per app) when enabled.</summary>
    public static void AddSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsEnabled(configuration))
        {
            var lifetime = configuration.GetValue(LifetimeKey, new CredentialsOptions().SandboxTokenLifetime);
            services.AddSingleton(sp => new SandboxProvider(sp.GetRequiredService<TimeProvider>(), lifetime));
        }
    }

    /// <summary>Maps the provider under <c>/sandbox</c> when enabled and the public base URL is known.</summary>
    public static void MapSandbox(this WebApplication app)
    {
        if (app.Services.GetService<SandboxProvider>() is { } provider
            && Uri.TryCreate(app.Configuration[PublicBaseUrlKey], UriKind.Absolute, out var publicBaseUrl))
        {
            app.MapSandboxProvider(provider, publicBaseUrl, app.Services.GetRequiredService<ApiRoutes>());
        }
    }
}
