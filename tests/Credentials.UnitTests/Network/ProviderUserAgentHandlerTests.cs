using System.Net;
using Credentials.Core.Network;

namespace Credentials.UnitTests.Network;

public class ProviderUserAgentHandlerTests
{
    [Fact]
    public async Task ARequestWithoutUserAgentGetsTheProductUserAgent()
    {
        Assert.Matches("^Credentials-Service/[0-9]+\\.[0-9]+\\.[0-9]+$", ProviderUserAgentHandler.ProductValue);
        Assert.Equal(ProviderUserAgentHandler.ProductValue, await SendAsync(new HttpRequestMessage(HttpMethod.Delete, "https://api.github.com/applications/c/token")));
    }

    [Fact]
    public async Task TheConnectorValueReplacesTheProductUserAgentButNotTheCallersOwn()
    {
        var connector = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/");
        ProviderUserAgentHandler.UseConnectorValue(connector, "Acme-Integration/2.0");
        var caller = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/");
        caller.Headers.TryAddWithoutValidation("User-Agent", "caller/1.0");
        ProviderUserAgentHandler.UseConnectorValue(caller, "Acme-Integration/2.0");

        Assert.Equal("Acme-Integration/2.0", await SendAsync(connector));
        Assert.Equal("caller/1.0", await SendAsync(caller));
    }

    private static async Task<string?> SendAsync(HttpRequestMessage request)
    {
        var seen = new Seen();
        using var invoker = new HttpMessageInvoker(new ProviderUserAgentHandler { InnerHandler = seen });
        using (request)
        {
            await invoker.SendAsync(request, CancellationToken.None);
        }

        return seen.UserAgent;
    }

    private sealed class Seen : HttpMessageHandler
    {
        public string? UserAgent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            UserAgent = request.Headers.TryGetValues("User-Agent", out var values) ? string.Join(" ", values) : null;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
