using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace Credentials.Core.Storage;

/// <summary>
/// Hands out table clients, creating each table once per process on first use (no network I/O at start-up). Tables whose keys
/// come from bearer values (<see cref="Unlogged"/>) use <paramref name="unloggedClient"/> when given: a client with the SDK's
/// request logging off, so their request URIs never reach the logs even as hashes.
/// </summary>
public sealed class TableProvider(TableServiceClient serviceClient, TableServiceClient? unloggedClient = null)
{
    /// <summary>The name of the Azure client registration with request logging off.</summary>
    public const string UnloggedClientName = "unlogged-tables";

    /// <summary>Tables keyed by hashes of bearer values: OAuth states and idempotency keys.</summary>
    public static readonly IReadOnlySet<string> Unlogged = new HashSet<string>(StringComparer.Ordinal) { TableNames.OAuthStates, TableNames.Idempotency };

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

    /// <summary>The client of a table that may not exist, for reads that treat a missing table as empty; creates nothing.</summary>
    public TableClient Existing(string tableName) => serviceClient.GetTableClient(tableName);

    /// <summary>The names of the tables starting with <paramref name="prefix"/> (table names are letters and digits).</summary>
    public async IAsyncEnumerable<string> TableNamesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var table in serviceClient.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "~"}"), cancellationToken: cancellationToken))
        {
            yield return table.Name;
        }
    }

    /// <summary>Deletes a whole table (and forgets it, so a later write creates it again).</summary>
    public async Task DeleteTableAsync(string tableName, CancellationToken cancellationToken = default)
    {
        tables.TryRemove(tableName, out _);
        await serviceClient.DeleteTableAsync(tableName, cancellationToken);
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var client = (Unlogged.Contains(name) && unloggedClient is not null ? unloggedClient : serviceClient).GetTableClient(name);
        await client.CreateIfNotExistsAsync(CancellationToken.None);
        return client;
    }
}
