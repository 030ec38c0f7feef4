namespace Credentials.TestSupport.Composition;

/// <summary>
/// The primary handler each process's named HttpClients get: forwards to the deployment's provider handler without ever
/// disposing it, so one process's HttpClientFactory retiring its handlers cannot break the others.
/// </summary>
internal sealed class SharedProviderHandler(HttpMessageHandler provider) : HttpMessageHandler
{
    private readonly HttpMessageInvoker invoker = new(provider, disposeHandler: false);

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => invoker.SendAsync(request, cancellationToken);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            invoker.Dispose();
        }

        base.Dispose(disposing);
    }
}
