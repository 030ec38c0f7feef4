using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Json;
using Credentials.Core.Limits;
using Credentials.Core.Secrets;
using Credentials.Core.Storage;

namespace Credentials.Core.OAuth;

/// <summary>
/// Tenants' OAuth apps. Partition <c>{tenantId}|{connectorId}</c>: row <c>current</c> points at the active version; rows
/// <c>v000001</c>... keep every version (client id, scopes), whose client secret lives in the secret store. Partition
/// <c>{tenantId}</c>, row <c>count</c>: how many versions the tenant has stored or is storing, for its quota.
/// </summary>
public class AuthConfigStore(TableProvider tables, ISecretStore secrets)
{
    private const string CurrentRow = "current";
    private const string CountRow = "count";
    private const string CountProperty = "Count";
    private const int CountAttempts = 64;

    /// <summary>
    /// Stores a new version and makes it current. Old versions stay: credentials they issued keep refreshing with them. The version
    /// first takes a place in the tenant's count under If-Match (409 <c>quota_exceeded</c> at <paramref name="maxVersions"/>), so
    /// concurrent saves never pass the quota; a crash after that leaves the count one above the versions stored (I9).
    /// </summary>
    public virtual async Task<AuthConfig> SaveAsync(string tenantId, string connectorId, string clientId, string clientSecret, IReadOnlyList<string>? scopes, DateTimeOffset now, int maxVersions, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.AuthConfigs, cancellationToken);
        await CountNewVersionAsync(table, tenantId, maxVersions, cancellationToken);
        var partition = Partition(tenantId, connectorId);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<AuthConfigEntity>(partition, CurrentRow, cancellationToken: cancellationToken);
            var authConfigId = current.HasValue && current.Value is { } c ? c.AuthConfigId : Ids.ResourceIds.New("acf");
            var version = current.HasValue && current.Value is { } cv ? cv.Version + 1 : 1;
            var config = new AuthConfig(authConfigId, version, connectorId, clientId, clientSecret, scopes);

            // Secret and version row first; the current pointer last, so it never names a version that is not complete.
            await secrets.SetAsync(SecretAddressOf(tenantId, config), JsonSerializer.SerializeToUtf8Bytes(clientSecret, CredentialsJson.Options), CancellationToken.None);
            var row = ToEntity(partition, VersionRow(version), config, now);
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, CancellationToken.None);
            var pointer = ToEntity(partition, CurrentRow, config, now);
            try
            {
                if (current.HasValue && current.Value is { } existing)
                {
                    await table.UpdateEntityAsync(pointer, existing.ETag, TableUpdateMode.Replace, CancellationToken.None);
                }
                else
                {
                    await table.AddEntityAsync(pointer, CancellationToken.None);
                }

                return config;
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsAlreadyExists())
            {
                // Another writer saved a version concurrently: take the next number.
            }
        }

        throw new InvalidOperationException("The auth config kept changing concurrently.");
    }

    // Takes a place for one more version in the tenant's count row (made from a count of the stored versions the first time).
    private static async Task CountNewVersionAsync(TableClient table, string tenantId, int maxVersions, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Require(tenantId);
        for (var attempt = 0; attempt < CountAttempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, CountRow, cancellationToken: cancellationToken);
            var count = found.HasValue && found.Value is { } row ? row.GetInt32(CountProperty) ?? 0 : await CountVersionsAsync(table, tenantId, cancellationToken);
            if (count >= maxVersions)
            {
                throw LimitProblems.QuotaExceeded(QuotaNames.AuthConfigsPerTenant, maxVersions, "auth configs");
            }

            var next = new TableEntity(partition, CountRow) { [CountProperty] = count + 1 };
            try
            {
                if (found.HasValue && found.Value is { } existing)
                {
                    await table.UpdateEntityAsync(next, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(next, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsAlreadyExists())
            {
                // Another save of this tenant counted first: count again.
            }
        }

        throw new InvalidOperationException($"The auth config count of tenant {tenantId} kept changing concurrently.");
    }

    // The version rows of all the tenant's connectors: the partitions "{tenantId}|..." ('}' sorts right after '|').
    private static async Task<int> CountVersionsAsync(TableClient table, string tenantId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {tenantId + "|"} and PartitionKey lt {tenantId + "}"} and RowKey ge {"v"} and RowKey lt {"w"}");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>The current version, or null.</summary>
    public virtual Task<(AuthConfig Config, DateTimeOffset UpdatedAt)?> GetCurrentAsync(string tenantId, string connectorId, CancellationToken cancellationToken = default)
        => ReadAsync(tenantId, connectorId, CurrentRow, cancellationToken);

    /// <summary>A specific version (the one a credential was issued with), or null.</summary>
    public virtual Task<(AuthConfig Config, DateTimeOffset UpdatedAt)?> GetVersionAsync(string tenantId, string connectorId, int version, CancellationToken cancellationToken = default)
        => ReadAsync(tenantId, connectorId, VersionRow(version), cancellationToken);

    /// <summary>Removes the current pointer so new flows need a new config; versions stay for the credentials they issued.</summary>
    public virtual async Task<bool> DeleteCurrentAsync(string tenantId, string connectorId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.AuthConfigs, cancellationToken);
        var response = await table.DeleteEntityAsync(Partition(tenantId, connectorId), CurrentRow, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    private async Task<(AuthConfig Config, DateTimeOffset UpdatedAt)?> ReadAsync(string tenantId, string connectorId, string row, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableNames.AuthConfigs, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<AuthConfigEntity>(Partition(tenantId, connectorId), row, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        var scopes = e.ScopesJson is null ? null : JsonSerializer.Deserialize<string[]>(e.ScopesJson, CredentialsJson.Options);
        var shell = new AuthConfig(e.AuthConfigId, e.Version, connectorId, e.ClientId, string.Empty, scopes);
        var secret = await secrets.GetAsync(SecretAddressOf(tenantId, shell), cancellationToken);
        if (secret is null)
        {
            return null;
        }

        return (shell with { ClientSecret = JsonSerializer.Deserialize<string>(secret, CredentialsJson.Options)! }, e.UpdatedAt);
    }

    private static SecretAddress SecretAddressOf(string tenantId, AuthConfig config)
        => new(tenantId, $"{config.AuthConfigId}-v{config.Version}", config.ConnectorId);

    private static string Partition(string tenantId, string connectorId) => TableKeys.Require($"{tenantId}|{connectorId}");

    private static string VersionRow(int version) => $"v{version:D6}";

    private static AuthConfigEntity ToEntity(string partition, string row, AuthConfig config, DateTimeOffset now) => new()
    {
        PartitionKey = partition,
        RowKey = row,
        AuthConfigId = config.AuthConfigId,
        Version = config.Version,
        ClientId = config.ClientId,
        ScopesJson = config.Scopes is null ? null : JsonSerializer.Serialize(config.Scopes, CredentialsJson.Options),
        UpdatedAt = now,
    };

    private sealed class AuthConfigEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;
        public string RowKey { get; set; } = string.Empty;
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string AuthConfigId { get; set; } = string.Empty;
        public int Version { get; set; }
        public string ClientId { get; set; } = string.Empty;
        public string? ScopesJson { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
    }
}
