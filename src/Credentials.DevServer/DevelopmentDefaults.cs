using Credentials.Core.Configuration;
using Credentials.DevServer.Functions;
using Microsoft.Extensions.Configuration.Memory;

namespace Credentials.DevServer;

/// <summary>
/// The settings a fresh clone runs with: development storage (Azurite), the Local secret store with a fixed key, a
/// fixed admin key, loopback http allowed. They sit below every other configuration source, so environment
/// variables, appsettings and command-line arguments (<c>--urls</c>, <c>--Credentials:AdminApiKey=...</c>) win.
/// </summary>
public static class DevelopmentDefaults
{
    /// <summary>Where DevServer listens unless told otherwise (Core Tools' port).</summary>
    public const string Urls = "http://127.0.0.1:7071";

    /// <summary>The platform admin key of local runs. Development only: never valid anywhere else.</summary>
    public const string AdminApiKey = "devserver-local-admin-key-development-only-0001";

    /// <summary>The Local secret store key of local runs (base64 of 32 bytes). Development only.</summary>
    public const string LocalSecretKey = "cXRFLZgOUFI5ro/f/JbteYjYnfArJW7iHBPWowRfy2g=";

    /// <summary>The refresh sweep's schedule of local runs: every five minutes.</summary>
    public const string RefreshSchedule = "0 */5 * * * *";

    /// <summary>Webhook delivery's schedule of local runs: every minute.</summary>
    public const string WebhookSchedule = "0 */1 * * * *";

    private static readonly string[] EnvironmentVariables = ["ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    /// <summary>
    /// <paramref name="args"/> plus <c>--environment</c> when nothing chose one: AZURE_FUNCTIONS_ENVIRONMENT (what the
    /// Functions host reads) if set, else Development.
    /// </summary>
    public static string[] WithEnvironment(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var chosen = EnvironmentVariables.Any(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            || args.Any(arg => arg.TrimStart('-', '/').StartsWith("environment", StringComparison.OrdinalIgnoreCase));
        if (chosen)
        {
            return args;
        }

        var functionsEnvironment = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT");
        return [.. args, "--environment", string.IsNullOrEmpty(functionsEnvironment) ? Environments.Development : functionsEnvironment];
    }

    /// <summary>The default settings, as configuration keys, for a server reachable at <paramref name="publicBaseUrl"/>.</summary>
    public static IReadOnlyDictionary<string, string?> Settings(string publicBaseUrl) => new Dictionary<string, string?>
    {
        ["urls"] = Urls,
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        [Key(AppSettings.SecretStore)] = nameof(SecretStoreKind.Local),
        [Key(AppSettings.LocalSecretKey)] = LocalSecretKey,
        [Key(AppSettings.AdminApiKey)] = AdminApiKey,
        [Key(AppSettings.PublicBaseUrl)] = publicBaseUrl,
        [Key(AppSettings.AllowInsecureLoopback)] = "true",
        [AppSettings.RefreshSchedule] = RefreshSchedule,
        [AppSettings.WebhookSchedule] = WebhookSchedule,
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>Adds <see cref="Settings"/> as the lowest-priority configuration source of <paramref name="builder"/>.</summary>
    public static void Apply(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var urls = builder.Configuration["urls"] ?? Urls;
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Settings(PublicUrl(urls)) });
    }

    /// <summary>Writes where DevServer listens, its functions and, when it is the development default, the admin key.</summary>
    public static void PrintBanner(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var baseUrl = app.Urls.FirstOrDefault()?.TrimEnd('/') ?? string.Empty;
        Console.WriteLine($"DevServer ({app.Environment.EnvironmentName}) listening on {string.Join(", ", app.Urls)}");
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<HttpFunctionDefinition>() is { } function)
            {
                Console.WriteLine($"  {function.Name}: [{string.Join(',', function.HttpMethods.DefaultIfEmpty("*"))}] {baseUrl}{endpoint.RoutePattern.RawText}");
            }
        }

        if (app.Configuration[Key(AppSettings.AdminApiKey)] == AdminApiKey)
        {
            Console.WriteLine($"Platform admin key (development only): {AppSettings.AdminApiKey}={AdminApiKey}");
        }
    }

    /// <summary>The URL a browser or provider reaches a server listening on the first of <paramref name="urls"/> at.</summary>
    public static string PublicUrl(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? Urls;
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
        {
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }

        return first.TrimEnd('/');
    }

    private static string Key(string appSetting) => AppSettings.ConfigurationKey(appSetting);
}
