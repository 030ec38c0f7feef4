using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Credentials.IntegrationTests.Consistency;

/// <summary>Answers every provider request 200 <c>{}</c> and records its URL.</summary>
public sealed class RecordingProviderHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Uri> requests = new();

    public IReadOnlyList<Uri> Requests => [.. requests];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        requests.Enqueue(request.RequestUri!);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent("{}", Encoding.UTF8, "application/json") });
    }
}
