using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Credentials.Core.Storage;

/// <summary>Hands out table clients, creating each table once per process on first use (no network I/O at start-up).</summary>
public sealed class TableProvider(TableServiceClient serviceClient)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tables = new(StringComparer.Ordinal);

    /// <summary>The client of <paramref name="tableName"/>, after making sure the table exists.</summary>
    public Task<TableClient> GetTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        var lazy = tables.GetOrAdd(tableName, name => new Lazy<Task<TableClient>>(() => CreateAsync(name)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed creation (storage briefly down) must not poison the process: try again next time.
            tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(tableName, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var client = serviceClient.GetTableClient(name);
        await client.CreateIfNotExistsAsync(CancellationToken.None);
        return client;
    }
}
