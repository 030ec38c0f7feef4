using Credentials.Core.Connectors;
using Credentials.Core.OAuth;
using Credentials.Core.Proxy;
using Credentials.TestSupport.Conformance;
using Credentials.TestSupport.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Credentials.EndToEndTests.Conformance;

/// <summary>
/// One service for the whole conformance run, whose provider calls (token endpoint, revocation, post-connect, API and verification)
/// all go to a <see cref="ConformanceProvider"/> instead of the network, whatever host a connector file names. Timers are off: the
/// tests refresh through the API. Counts the connectors that ran and reports the count when the run ends.
/// </summary>
public sealed class ConformanceServiceFixture(IMessageSink messages) : ServiceFixture
{
    private readonly HashSet<string> ran = new(StringComparer.Ordinal);

    /// <summary>The fake provider.</summary>
    public ConformanceProvider Provider { get; } = new();

    /// <summary>The service's own catalogue.</summary>
    public ConnectorCatalog Catalog => App.Services.GetRequiredService<ConnectorCatalog>();

    /// <summary>How many connectors have run their whole lifecycle so far.</summary>
    public int RanCount
    {
        get
        {
            lock (ran)
            {
                return ran.Count;
            }
        }
    }

    /// <summary>Where tenants send their users back (a registered redirect URI; nothing needs to listen there).</summary>
    public static string Landing => "https://app.example.com/integrations/connected";

    /// <summary>Records that <paramref name="connectorId"/> ran its whole lifecycle.</summary>
    public void Ran(string connectorId)
    {
        lock (ran)
        {
            ran.Add(connectorId);
        }
    }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["AzureWebJobs.RefreshSweep.Disabled"] = "true",
        ["AzureWebJobs.DeliverWebhooks.Disabled"] = "true",

        // The lifecycle forces refreshes back to back and counts each provider call; reusing a refresh that just finished
        // (Credentials__ForcedRefreshReuse) is what the refresh tests check.
        ["Credentials:ForcedRefreshReuse"] = "00:00:00",
    };

    protected override void Customize(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var client in new[] { TokenEndpointClient.HttpClientName, TokenRevoker.HttpClientName, ProviderMetadataReader.HttpClientName, UpstreamClient.HttpClientName })
        {
            builder.Services.PostConfigure<HttpClientFactoryOptions>(client, o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = new NonDisposingHandler(Provider)));
        }
    }

    protected override Task AfterStopAsync()
    {
        string summary;
        lock (ran)
        {
            summary = $"Connector conformance: {ran.Count} connectors ran their lifecycle ({string.Join(", ", ran.Order(StringComparer.Ordinal))})";
        }

        messages.OnMessage(new DiagnosticMessage(summary));
        Console.WriteLine(summary);
        return Task.CompletedTask;
    }

    // The factory disposes retired primary handlers; the shared provider must outlive them.
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => invoker.SendAsync(request, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class ConformanceCollection : ICollectionFixture<ConformanceServiceFixture>
{
    public const string Name = "conformance";
}
