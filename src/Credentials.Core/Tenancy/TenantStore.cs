using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Credentials.Core.Json;
using Credentials.Core.Storage;

namespace Credentials.Core.Tenancy;

/// <summary>Tenants, their settings and their API keys in Table Storage.</summary>
public class TenantStore(TableProvider tables)
{
    /// <summary>Inserts a new tenant.</summary>
    public virtual async Task CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Tenants, cancellationToken);
        await table.AddEntityAsync(ToEntity(tenant), cancellationToken);
    }

    /// <summary>The tenant and its ETag, or null.</summary>
    public virtual async Task<(Tenant Tenant, ETag ETag)?> GetTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Tenants, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TenantEntity>(TableKeys.Require(tenantId), TenantEntity.Row, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? (FromEntity(entity), entity.ETag) : null;
    }

    /// <summary>
    /// Tenants in id order after <paramref name="afterTenantId"/> (null: from the first), fetched <paramref name="pageSize"/> at a
    /// time as the caller enumerates. The tenant rows share the table with the tenants' key listings, so the service filters on
    /// the tenant RowKey across partitions: a platform-wide read, only for the platform admin.
    /// </summary>
    public virtual async IAsyncEnumerable<Tenant> ListTenantsAsync(
        string? afterTenantId, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Tenants, cancellationToken);
        var filter = afterTenantId is null
            ? TableClient.CreateQueryFilter($"RowKey eq {TenantEntity.Row}")
            : TableClient.CreateQueryFilter($"PartitionKey gt {afterTenantId} and RowKey eq {TenantEntity.Row}");
        await foreach (var entity in table.QueryAsync<TenantEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    /// <summary>Replaces the tenant if it is still at <paramref name="etag"/>; false when someone changed it meanwhile.</summary>
    public virtual async Task<bool> UpdateTenantAsync(Tenant tenant, ETag etag, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Tenants, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(ToEntity(tenant), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return false;
        }
    }

    /// <summary>Stores a key: first the listing row (so every usable key can be found and revoked), then the lookup row.</summary>
    public virtual async Task AddApiKeyAsync(ApiKeyInfo key, byte[] hash, CancellationToken cancellationToken = default)
    {
        var tenants = await tables.GetTableAsync(TableNames.Tenants, cancellationToken);
        await tenants.AddEntityAsync(
            new TenantKeyListingEntity
            {
                PartitionKey = key.TenantId,
                RowKey = TenantKeyListingEntity.RowPrefix + key.KeyId,
                Name = key.Name,
                CreatedAt = key.CreatedAt,
            },
            cancellationToken);

        var keys = await tables.GetTableAsync(TableNames.ApiKeys, cancellationToken);
        await keys.AddEntityAsync(
            new ApiKeyEntity
            {
                PartitionKey = key.KeyId,
                RowKey = string.Empty,
                TenantId = key.TenantId,
                Hash = hash,
                Name = key.Name,
                CreatedAt = key.CreatedAt,
            },
            cancellationToken);
    }

    /// <summary>The stored hash and state of a key, or null.</summary>
    public virtual async Task<(ApiKeyInfo Key, byte[] Hash)?> FindApiKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        var keys = await tables.GetTableAsync(TableNames.ApiKeys, cancellationToken);
        var response = await keys.GetEntityIfExistsAsync<ApiKeyEntity>(TableKeys.Require(keyId), string.Empty, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        return (new ApiKeyInfo(e.PartitionKey, e.TenantId, e.Name, e.CreatedAt, e.RevokedAt), e.Hash);
    }

    /// <summary>The tenant's keys, newest first.</summary>
    public virtual async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var tenants = await tables.GetTableAsync(TableNames.Tenants, cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey ge {TenantKeyListingEntity.RowPrefix} and RowKey lt {"key}"}");
        var result = new List<ApiKeyInfo>();
        await foreach (var row in tenants.QueryAsync<TenantKeyListingEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(new ApiKeyInfo(row.RowKey[TenantKeyListingEntity.RowPrefix.Length..], tenantId, row.Name, row.CreatedAt, row.RevokedAt));
        }

        return [.. result.OrderByDescending(k => k.CreatedAt)];
    }

    /// <summary>Revokes a key: the lookup row first (it is what authentication reads), then the listing. False when the tenant has no such key.</summary>
    public virtual async Task<bool> RevokeApiKeyAsync(string tenantId, string keyId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var keys = await tables.GetTableAsync(TableNames.ApiKeys, cancellationToken);
        var response = await keys.GetEntityIfExistsAsync<ApiKeyEntity>(TableKeys.Require(keyId), string.Empty, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } key || !string.Equals(key.TenantId, tenantId, StringComparison.Ordinal))
        {
            return false;
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = now;
            await keys.UpdateEntityAsync(key, key.ETag, TableUpdateMode.Replace, cancellationToken);
        }

        var tenants = await tables.GetTableAsync(TableNames.Tenants, cancellationToken);
        await tenants.UpsertEntityAsync(
            new TenantKeyListingEntity
            {
                PartitionKey = tenantId,
                RowKey = TenantKeyListingEntity.RowPrefix + keyId,
                Name = key.Name,
                CreatedAt = key.CreatedAt,
                RevokedAt = key.RevokedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        return true;
    }

    private static TenantEntity ToEntity(Tenant tenant) => new()
    {
        PartitionKey = TableKeys.Require(tenant.TenantId),
        Name = tenant.Name,
        AllowedRedirectUrisJson = JsonSerializer.Serialize(tenant.AllowedRedirectUris, CredentialsJson.Options),
        WebhookUrl = tenant.WebhookUrl,
        WebhookDisabledAt = tenant.WebhookDisabledAt,
        WebhookSecretId = tenant.WebhookSecretId,
        DisplayName = tenant.DisplayName,
        AccentColor = tenant.AccentColor,
        AllowedFrameOriginsJson = tenant.AllowedFrameOrigins.Count == 0 ? null : JsonSerializer.Serialize(tenant.AllowedFrameOrigins, CredentialsJson.Options),
        CreatedAt = tenant.CreatedAt,
        UpdatedAt = tenant.UpdatedAt,
    };

    private static Tenant FromEntity(TenantEntity e) => new(
        e.PartitionKey,
        e.Name,
        JsonSerializer.Deserialize<string[]>(e.AllowedRedirectUrisJson, CredentialsJson.Options) ?? [],
        e.WebhookUrl,
        e.CreatedAt,
        e.UpdatedAt)
    {
        WebhookDisabledAt = e.WebhookDisabledAt,
        WebhookSecretId = e.WebhookSecretId,
        DisplayName = e.DisplayName,
        AccentColor = e.AccentColor,
        AllowedFrameOrigins = e.AllowedFrameOriginsJson is null ? [] : JsonSerializer.Deserialize<string[]>(e.AllowedFrameOriginsJson, CredentialsJson.Options) ?? [],
    };
}
