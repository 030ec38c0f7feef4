namespace Credentials.Core.Network;

/// <summary>
/// Gives every request to a provider a User-Agent (GitHub refuses REST calls without one with 403): the one the request already
/// carries (a proxied caller's, or the connector's own put there by <see cref="UseConnectorValue"/>), else the service's product
/// User-Agent. Sits on the named provider HttpClients: token endpoint, revocation, post-connect, and the API client of the proxy and
/// verification.
/// </summary>
public sealed class ProviderUserAgentHandler : DelegatingHandler
{
    /// <summary>The service's product User-Agent, e.g. <c>Credentials-Service/1.0.0</c>.</summary>
    public static string ProductValue { get; } = $"Credentials-Service/{Version()}";

    /// <summary>Sets <paramref name="userAgent"/> (a connector's <c>api.userAgent</c>) on <paramref name="request"/> when it has no User-Agent yet; null changes nothing.</summary>
    public static void UseConnectorValue(HttpRequestMessage request, string? userAgent)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrEmpty(userAgent) && !request.Headers.Contains("User-Agent"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.Contains("User-Agent"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", ProductValue);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static string Version()
    {
        var version = typeof(ProviderUserAgentHandler).Assembly.GetName().Version ?? new Version(1, 0, 0);
        return $"{version.Major}.{version.Minor}.{Math.Max(0, version.Build)}";
    }
}
