using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.DevServer.Functions;
using Credentials.DevServer.Storage;

namespace Credentials.DevServer.Hosting;

/// <summary>
/// What DevServer prints once it listens: its functions, then (last, so it stays on screen) the URL, the admin key when it is
/// the development default, the storage in use and its data folder, the secret store, the OAuth callback pattern, the sandbox,
/// the OpenAPI and docs URLs, and how to restart without a build.
/// </summary>
public static class DevServerBanner
{
    /// <summary>Writes the banner of <paramref name="app"/> to <paramref name="output"/>.</summary>
    public static void Print(WebApplication app, DevServerStorage storage, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(output);
        var baseUrl = app.Urls.FirstOrDefault()?.TrimEnd('/') ?? string.Empty;
        var publicUrl = (app.Configuration[AppSettings.ConfigurationKey(AppSettings.PublicBaseUrl)] ?? baseUrl).TrimEnd('/');
        var routes = app.Services.GetRequiredService<ApiRoutes>();
        var functions = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Function: e.Metadata.GetMetadata<HttpFunctionDefinition>()))
            .Where(e => e.Function is not null)
            .ToList();

        output.WriteLine("Functions:");
        foreach (var (endpoint, function) in functions)
        {
            output.WriteLine($"  {function!.Name,-32} {string.Join(',', function.HttpMethods.DefaultIfEmpty("*")),-24} {endpoint.RoutePattern.RawText}");
        }

        output.WriteLine();
        output.WriteLine($"DevServer ({app.Environment.EnvironmentName}) listening on {string.Join(", ", app.Urls)}");
        Line(output, "API", publicUrl + routes.Path(string.Empty).TrimEnd('/'));
        Line(output, "OpenAPI", publicUrl + routes.Path("openapi.json"));
        Line(output, "Health", $"{publicUrl}{routes.Path("health")} (liveness), {publicUrl}{routes.Path("health/ready")} (storage and secrets)");
        if (app.Configuration[AppSettings.ConfigurationKey(AppSettings.AdminApiKey)] == DevelopmentDefaults.AdminApiKey)
        {
            Line(output, "Admin key", $"{DevelopmentDefaults.AdminApiKey} (development only; {AppSettings.AdminApiKey} overrides it)");
        }

        Line(output, "Storage", storage.Description);
        Line(output, "Secrets", $"{app.Configuration[AppSettings.ConfigurationKey(AppSettings.SecretStore)] ?? "KeyVault"} store");
        Line(output, "OAuth callback", $"{publicUrl}{routes.OAuthCallback("{connectorId}")} (register it at a provider; {AppSettings.PublicBaseUrl} sets the host)".Replace("%7BconnectorId%7D", "{connectorId}", StringComparison.Ordinal));
        if (app.Configuration.GetValue<bool>(AppSettings.ConfigurationKey(AppSettings.EnableSandbox)))
        {
            Line(output, "Sandbox", $"connectors '{SandboxConnectors.OAuthConnectorId}' (oauth2) and '{SandboxConnectors.ApiKeyConnectorId}' (apiKey); provider at {SandboxConnectors.ProviderBase(new Uri(publicUrl))}");
            Line(output, string.Empty, $"OAuth app: clientId {SandboxConnectors.ClientId}, clientSecret {SandboxConnectors.ClientSecret}; API keys starting {SandboxConnectors.ValidKeyPrefix} are valid");
        }

        if (app.Configuration[AppSettings.ConfigurationKey(AppSettings.DocsBaseUrl)] is { Length: > 0 } docs)
        {
            Line(output, "Docs", $"{docs} (error codes: {docs.TrimEnd('/')}/{ProblemTypes.ErrorsDocument})");
        }

        output.WriteLine("Restart without rebuilding: dotnet run --no-build --project src/Credentials.DevServer; stop with Ctrl+C.");
    }

    private static void Line(TextWriter output, string label, string text) => output.WriteLine($"  {label,-15} {text}");
}
