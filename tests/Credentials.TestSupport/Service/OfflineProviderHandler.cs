using System.Net;
using System.Text;

namespace Credentials.TestSupport.Service;

/// <summary>
/// Keeps end-to-end traffic on this machine: requests to loopback go on to the service's own (guarded) handler; requests to any
/// other host (a catalogue connector's real provider, such as Freshdesk's verification request) never leave and are answered
/// 200 <c>{}</c>, as if the provider accepted them.
/// </summary>
public sealed class OfflineProviderHandler : DelegatingHandler
{
    /// <summary>Wraps <paramref name="inner"/>, the handler loopback requests go to.</summary>
    public OfflineProviderHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is { } uri && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address))))
        {
            return base.SendAsync(request, cancellationToken);
        }

        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent("{}", Encoding.UTF8, "application/json") });
    }
}
