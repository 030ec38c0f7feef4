using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Credentials.Core.Configuration;
using Credentials.Core.OAuth;
using Credentials.Core.Proxy;
using Credentials.DevServer;
using Credentials.DevServer.Hosting;
using Credentials.DevServer.Storage;
using Credentials.Functions.Api;
using Credentials.TestSupport.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;
using Xunit;

namespace Credentials.TestSupport.Service;

/// <summary>
/// The whole service over real HTTP: Azurite on a free port, DevServer hosting the real function classes on a loopback
/// port, every log line and exported telemetry item captured.
/// </summary>
public class ServiceFixture : IAsyncLifetime
{
    /// <summary>The platform admin key of the test deployment.</summary>
    public const string AdminKey = "e2e-platform-admin-key-0123456789abcdef";

    private readonly LockedCollection<Activity> activities = new();
    private readonly LockedCollection<LogRecord> logRecords = new();

    /// <summary>Azurite for this fixture.</summary>
    public AzuriteLauncher Azurite { get; private set; } = null!;

    /// <summary>The running DevServer.</summary>
    public WebApplication App { get; private set; } = null!;

    /// <summary>Root of the service, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every log line.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Extra settings a derived fixture adds.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>Runs before the service starts, once its public URL is known (start providers, write connector files).</summary>
    protected virtual Task BeforeStartAsync(Uri publicBaseUrl) => Task.CompletedTask;

    /// <summary>Adjusts the service's builder (a fake clock, extra services).</summary>
    protected virtual void Customize(WebApplicationBuilder builder)
    {
    }

    /// <summary>Runs after the service stopped.</summary>
    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Azurite = await AzuriteLauncher.StartAsync(AzuriteLaunchOptions.ForTests());

        // A fixed port, so the public base URL (OAuth callbacks) names the real address.
        var publicBase = new Uri($"http://127.0.0.1:{AzuriteLaunchOptions.FreeLoopbackPort()}/");
        await BeforeStartAsync(publicBase);
        App = BuildApp(publicBase, Logs);
        await App.StartAsync();
        BaseAddress = new Uri(App.Urls.First().TrimEnd('/') + "/");
    }

    /// <summary>
    /// Starts another instance of the service on its own port sharing this one's Azurite, secret key and settings: a second
    /// process for race tests. Dispose it when done.
    /// </summary>
    public async Task<WebApplication> StartAnotherInstanceAsync()
    {
        var publicBase = new Uri($"http://127.0.0.1:{AzuriteLaunchOptions.FreeLoopbackPort()}/");
        var app = BuildApp(publicBase, new CapturedLogs());
        await app.StartAsync();
        return app;
    }

    private WebApplication BuildApp(Uri publicBase, CapturedLogs logs)
    {
        return DevServerApp.Build(
            ["--urls", publicBase.AbsoluteUri.TrimEnd('/'), "--environment", "Development"],
            typeof(HealthFunction).Assembly,
            FunctionsServices.Register,
            builder =>
            {
                var settings = new Dictionary<string, string?>
                {
                    ["AzureWebJobsStorage"] = Azurite.ConnectionString,
                    ["Credentials:SecretStore"] = nameof(SecretStoreKind.Local),
                    ["Credentials:LocalSecretKey"] = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray()),
                    ["Credentials:AdminApiKey"] = AdminKey,
                    ["Credentials:AllowInsecureLoopback"] = "true",
                    ["Credentials:PublicBaseUrl"] = publicBase.AbsoluteUri,
                    [AppSettings.RefreshSchedule] = "0 */5 * * * *",
                    [AppSettings.WebhookSchedule] = "0 */1 * * * *",

                    // Every test client comes from 127.0.0.1 and the matrices present bad keys on purpose: the address limit would
                    // turn them into 429s. The limit itself is tested by a fixture of its own (LimitsServiceFixture).
                    ["Credentials:Limits:FailedAuthenticationsPerAddress"] = "1000000",
                };
                foreach (var (key, value) in ExtraSettings)
                {
                    settings[key] = value;
                }

                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
                builder.Logging.AddOpenTelemetry(o =>
                {
                    o.IncludeFormattedMessage = true;
                    o.IncludeScopes = true;
                    o.AddInMemoryExporter(logRecords);
                });
                builder.Services.AddOpenTelemetry().WithTracing(t => t
                    .AddAspNetCoreInstrumentation(o => o.RecordException = true)
                    .AddHttpClientInstrumentation(o => o.RecordException = true)
                    .AddInMemoryExporter(activities));

                // Provider calls to anything but loopback are answered in-process (PostConfigure: after the service's own handler setup).
                foreach (var client in new[] { UpstreamClient.HttpClientName, TokenRevoker.HttpClientName })
                {
                    builder.Services.PostConfigure<HttpClientFactoryOptions>(client, o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = new OfflineProviderHandler(b.PrimaryHandler)));
                }

                Customize(builder);
            });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Azurite.DisposeAsync();
        await AfterStopAsync();
    }

    /// <summary>A client without credentials; every answer it receives is checked against the OpenAPI document.</summary>
    public HttpClient Anonymous() => new(new OpenApiValidatingHandler(new SocketsHttpHandler())) { BaseAddress = new Uri(BaseAddress, "api/") };

    /// <summary>A client presenting <paramref name="bearer"/>.</summary>
    public HttpClient WithKey(string bearer)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>A client presenting the platform admin key.</summary>
    public HttpClient Admin() => WithKey(AdminKey);

    /// <summary>Creates a tenant through the platform route and returns its id and first key.</summary>
    public async Task<(string TenantId, string ApiKey)> CreateTenantAsync(string name = "Acme")
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("platform/tenants", new { name });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("tenantId").GetString()!, body.GetProperty("apiKey").GetString()!);
    }

    /// <summary>Creates a user for the tenant behind <paramref name="client"/>.</summary>
    public static async Task<string> CreateUserAsync(HttpClient client, string username)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.PostAsJsonAsync("users", new { username });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
    }

    /// <summary>Every log line and every exported telemetry item (span names, tags, events; log records and attributes) as text.</summary>
    public IReadOnlyList<string> AllTelemetryText()
    {
        var text = new List<string>(Logs.Lines);
        text.AddRange(activities.Snapshot().Select(activity =>
            $"{activity.DisplayName} {activity.StatusDescription} " + string.Join(";", activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            + string.Join(";", activity.Events.Select(e => e.Name + string.Join(",", e.Tags.Select(t => $"{t.Key}={t.Value}"))))));
        text.AddRange(logRecords.Snapshot().Select(record =>
            $"{record.FormattedMessage} {record.Body} {record.Exception} " + string.Join(";", (record.Attributes ?? []).Select(a => $"{a.Key}={a.Value}"))));
        return text;
    }

    /// <summary>How many telemetry items were exported (so a canary search over nothing cannot pass).</summary>
    public int ExportedItemCount
    {
        get => activities.Count + logRecords.Count;
    }
}
