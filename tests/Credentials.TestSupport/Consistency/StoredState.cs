using Azure.Data.Tables;
using Credentials.Core.Audit;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Credentials;
using Credentials.Core.Refresh;
using Credentials.Core.Storage;
using Credentials.Core.Users;

namespace Credentials.TestSupport.Consistency;

/// <summary>Everything the service has stored, read straight from the tables and the secret store, for invariant checks.</summary>
public sealed class StoredState
{
    /// <summary>Credential rows by id (RowKey <c>cred|{id}</c> in the credentials table).</summary>
    public required IReadOnlyDictionary<string, TableEntity> Credentials { get; init; }

    /// <summary>User head rows by user id.</summary>
    public required IReadOnlyDictionary<string, TableEntity> Heads { get; init; }

    /// <summary>Outbox rows in the credentials table.</summary>
    public required IReadOnlyList<TableEntity> Outbox { get; init; }

    /// <summary>Connect session rows by session id (RowKey <c>connect|{id}</c> in the credentials table).</summary>
    public IReadOnlyDictionary<string, TableEntity> ConnectSessions { get; init; } = new Dictionary<string, TableEntity>();

    /// <summary>Username reservations (users table, without the count rows).</summary>
    public required IReadOnlyList<TableEntity> Reservations { get; init; }

    /// <summary>Each tenant's user count (the <see cref="UserCount.Row"/> rows of the users table), by tenant id.</summary>
    public IReadOnlyDictionary<string, int> UserCounts { get; init; } = new Dictionary<string, int>();

    /// <summary>Every row of the auth configs table (versions, current pointers, count rows).</summary>
    public IReadOnlyList<TableEntity> AuthConfigs { get; init; } = [];

    /// <summary>Every row of every monthly audit table, with the table's name.</summary>
    public IReadOnlyList<(string Table, TableEntity Row)> Audit { get; init; } = [];

    /// <summary>Due-index entries.</summary>
    public required IReadOnlyList<DueEntry> DueEntries { get; init; }

    /// <summary>Owner ids of every stored secret.</summary>
    public required IReadOnlySet<string> SecretOwners { get; init; }

    /// <summary>Reads every table the protocol touches and the secret owners <paramref name="secretOwners"/> lists.</summary>
    public static async Task<StoredState> ReadAsync(TableServiceClient service, Func<Task<IReadOnlyCollection<string>>> secretOwners)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(secretOwners);
        var credentials = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var heads = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var outbox = new List<TableEntity>();
        var sessions = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var row in await AllAsync(service, TableNames.Credentials))
        {
            if (row.RowKey.StartsWith(CredentialRowKeys.RowPrefix, StringComparison.Ordinal))
            {
                credentials[CredentialRowKeys.IdOfRow(row.RowKey)] = row;
            }
            else if (row.RowKey == "user")
            {
                heads[row.PartitionKey] = row;
            }
            else if (row.RowKey.StartsWith(ConnectSessionStore.RowPrefix, StringComparison.Ordinal))
            {
                sessions[row.RowKey[ConnectSessionStore.RowPrefix.Length..]] = row;
            }
            else
            {
                outbox.Add(row);
            }
        }

        var due = (await AllAsync(service, TableNames.RefreshIndex))
            .Select(r => r.RowKey.Split('|'))
            .Select(p => new DueEntry(p[1], DateTimeOffset.ParseExact(p[0], "yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal)))
            .ToList();
        var users = await AllAsync(service, TableNames.Users);
        var audit = new List<(string, TableEntity)>();
        await foreach (var table in service.QueryAsync(TableClient.CreateQueryFilter($"TableName ge {AuditStore.TablePrefix} and TableName lt {AuditStore.TablePrefix + "~"}")))
        {
            audit.AddRange((await AllAsync(service, table.Name)).Select(row => (table.Name, row)));
        }

        return new StoredState
        {
            Credentials = credentials,
            Heads = heads,
            Outbox = outbox,
            Reservations = [.. users.Where(r => r.RowKey != UserCount.Row)],
            UserCounts = users.Where(r => r.RowKey == UserCount.Row).ToDictionary(r => r.PartitionKey, r => r.GetInt32("Count") ?? 0, StringComparer.Ordinal),
            AuthConfigs = await AllAsync(service, TableNames.AuthConfigs),
            Audit = audit,
            ConnectSessions = sessions,
            DueEntries = due,
            SecretOwners = new HashSet<string>(await secretOwners(), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Owners of every stored secret: the Local store's table (KeyVault mode's stand-in, and bundles from before bundles moved
    /// into rows) and every credential row holding a sealed bundle (the inline modes).
    /// </summary>
    public static async Task<IReadOnlyCollection<string>> SecretOwnersAsync(TableServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var sealedRows = (await AllAsync(service, TableNames.Credentials))
            .Where(r => r.RowKey.StartsWith(CredentialRowKeys.RowPrefix, StringComparison.Ordinal) && r.GetString("SealedKeyId") is not null)
            .Select(r => CredentialRowKeys.IdOfRow(r.RowKey));
        return [.. (await LocalSecretOwnersAsync(service)).Union(sealedRows, StringComparer.Ordinal)];
    }

    /// <summary>Owner ids in the Local secret store's table.</summary>
    public static async Task<IReadOnlyCollection<string>> LocalSecretOwnersAsync(TableServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return [.. (await AllAsync(service, TableNames.Secrets)).Select(r => r.PartitionKey)];
    }

    private static async Task<List<TableEntity>> AllAsync(TableServiceClient service, string table)
    {
        var client = service.GetTableClient(table);
        await client.CreateIfNotExistsAsync();
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
