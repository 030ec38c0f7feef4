using Credentials.Core.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Credentials.DevServer;

/// <summary>
/// The settings a fresh clone runs with: DevServer's own Azurite, the Local secret store with a fixed key, a
/// fixed admin key, loopback http allowed, the sandbox provider on. They sit below every other configuration source, so environment
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

    /// <summary>
    /// The default settings, as configuration keys, for a server reachable at <paramref name="publicBaseUrl"/> whose tables are at
    /// <paramref name="storageConnectionString"/> (null: leave the storage settings to other sources).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Settings(string publicBaseUrl, string? storageConnectionString = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = Urls,
            [Key(AppSettings.SecretStore)] = nameof(SecretStoreKind.Local),
            [Key(AppSettings.LocalSecretKey)] = LocalSecretKey,
            [Key(AppSettings.AdminApiKey)] = AdminApiKey,
            [Key(AppSettings.PublicBaseUrl)] = publicBaseUrl,
            [Key(AppSettings.AllowInsecureLoopback)] = "true",
            [Key(AppSettings.EnableSandbox)] = "true",
            [Key(AppSettings.DocsBaseUrl)] = publicBaseUrl.TrimEnd('/') + DocsPath + "/",
            [AppSettings.RefreshSchedule] = RefreshSchedule,
            [AppSettings.WebhookSchedule] = WebhookSchedule,
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",

            // The Azure SDK logs every storage request at Information, and the HTTP client factory every provider call: at that
            // level they bury the banner within a minute. Warnings and errors still show.
            ["Logging:LogLevel:Azure"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        };
        if (storageConnectionString is not null)
        {
            settings[AppSettings.AzureWebJobsStorage] = storageConnectionString;
        }

        return settings;
    }

    /// <summary>Where DevServer serves the repository's docs folder (problem <c>type</c> URIs point into it).</summary>
    public const string DocsPath = "/docs";

    /// <summary>
    /// Adds <see cref="Settings"/> as the lowest-priority configuration source of <paramref name="builder"/>, with DevServer's own
    /// storage when <paramref name="storageConnectionString"/> is given.
    /// </summary>
    public static void Apply(WebApplicationBuilder builder, string? storageConnectionString = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var urls = builder.Configuration["urls"] ?? Urls;
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Settings(PublicUrl(urls), storageConnectionString) });
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
