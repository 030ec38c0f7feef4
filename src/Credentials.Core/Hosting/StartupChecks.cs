using Credentials.Core.Connectors;
using Credentials.Core.Tenancy;
using Microsoft.Extensions.Hosting;

namespace Credentials.Core.Hosting;

/// <summary>Fails start-up on a bad connector file and reports a disabled admin key, using local files only (no network I/O at start-up).</summary>
public sealed class StartupChecks(IServiceProvider services) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetService(typeof(ConnectorCatalog));
        _ = services.GetService(typeof(PlatformAdminAuthenticator));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
