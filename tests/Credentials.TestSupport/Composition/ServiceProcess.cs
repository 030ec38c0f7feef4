using Azure.Core.Pipeline;
using Credentials.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.TestSupport.Composition;

/// <summary>One process of a <see cref="ServiceDeployment"/>: the real service graph with its own singletons. Dispose it to stop it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    internal ServiceProcess(ServiceProvider provider, HttpPipelinePolicy? storagePolicy)
    {
        this.provider = provider;
        StoragePolicy = storagePolicy;
    }

    /// <summary>The process's services.</summary>
    public IServiceProvider Services => provider;

    /// <summary>The policy this process's storage calls pass through, or null.</summary>
    public HttpPipelinePolicy? StoragePolicy { get; }

    /// <summary>A service of this process.</summary>
    public T GetRequiredService<T>()
        where T : notnull
        => provider.GetRequiredService<T>();

    /// <summary>
    /// Makes sure every table exists and is in this process's table cache, as in a process that has been running for a while, so
    /// the lazy per-process table creation does not show up among an operation's storage calls.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        var tables = GetRequiredService<TableProvider>();
        foreach (var name in TableNames.All.Append(TableNames.Secrets))
        {
            await tables.GetTableAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
