using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Credentials.Functions;
using Credentials.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddCredentialsFunctions(builder.Configuration, builder.Environment);

var telemetry = builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    // Application Insights has local auth disabled in Azure: the worker exports with the app's managed identity.
    var clientId = builder.Configuration["AZURE_CLIENT_ID"];
    telemetry.UseAzureMonitorExporter(o =>
    {
        if (!string.IsNullOrEmpty(clientId))
        {
            o.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        // The Functions host does not sample in OpenTelemetry mode; this is the worker's own share.
        TelemetrySampling.Apply(o, builder.Configuration);
    });
}

builder.Build().Run();
