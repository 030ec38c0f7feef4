using System.Net;
using Credentials.Core.Connectors;

namespace Credentials.TestSupport.Conformance;

/// <summary>
/// A configurable fake provider that behaves as one connector file says (not an OAuth server of its own making): install it as the
/// primary handler of the service's provider HttpClients and every provider call (token, revocation, post-connect, API, verification)
/// lands here, whatever real host the file names. <see cref="Begin"/> sets the connection under test; requests are matched to the
/// file's expanded URLs, checked against its rules, and anything unexpected is a violation answered 404.
/// </summary>
public sealed class ConformanceProvider : HttpMessageHandler
{
    private ProviderScenario? current;

    /// <summary>The connection under test, or null.</summary>
    public ProviderScenario? Current => Volatile.Read(ref current);

    /// <summary>Starts a connection for <paramref name="connector"/>: the fields the end user gives and the service's callback URL.</summary>
    public ProviderScenario Begin(ConnectorDefinition connector, string authenticationType, IReadOnlyDictionary<string, string> fields, string callbackUrl)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var scenario = new ProviderScenario(connector, authenticationType, fields, callbackUrl);
        Volatile.Write(ref current, scenario);
        return scenario;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var received = await ProviderRequest.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        var response = Answer(received);
        response.RequestMessage = request;
        return response;
    }

    private HttpResponseMessage Answer(ProviderRequest request)
    {
        if (Current is not { } scenario)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        lock (scenario)
        {
            // Order matters: revocation and post-connect endpoints may sit under the API's base URL (GitHub, Xero).
            if (RevocationRules.IsRevocation(scenario, request))
            {
                return RevocationRules.Answer(scenario, request);
            }

            if (scenario.Connector.OAuth2 is { } settings
                && request.Uri.GetLeftPart(UriPartial.Path) == new Uri(UrlTemplate.Expand(settings.TokenUrl, scenario.TemplateValues())).GetLeftPart(UriPartial.Path))
            {
                return TokenEndpointRules.Answer(scenario, request);
            }

            if (PostConnectRules.Find(scenario, request) is { } step)
            {
                return PostConnectRules.Answer(scenario, request, step);
            }

            if (ApiRules.IsApi(scenario, request))
            {
                return ApiRules.Answer(scenario, request);
            }

            scenario.Violation($"a request the connector file does not describe: {request.Method} {request.Uri.GetLeftPart(UriPartial.Path)}");
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }
    }
}
