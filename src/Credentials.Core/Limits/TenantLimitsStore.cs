using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Limits;

/// <summary>The platform admin's per-tenant overrides: one row in the tenant's partition of the <c>tenants</c> table (RowKey <see cref="Row"/>).</summary>
public class TenantLimitsStore(TableProvider tables)
{
    /// <summary>The RowKey of the overrides row.</summary>
    public const string Row = "limits";

    /// <summary>The tenant's overrides, or <see cref="TenantLimitOverrides.None"/>.</summary>
    public virtual async Task<TenantLimitOverrides> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetTableAsync(TableNames.Tenants, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Require(tenantId), Row, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } row)
        {
            return TenantLimitOverrides.None;
        }

        return new TenantLimitOverrides
        {
            RequestsPerSecond = row.GetDouble(nameof(TenantLimitOverrides.RequestsPerSecond)),
            RequestBurst = row.GetInt32(nameof(TenantLimitOverrides.RequestBurst)),
            CredentialsPerUser = row.GetInt32(nameof(TenantLimitOverrides.CredentialsPerUser)),
            UsersPerTenant = row.GetInt32(nameof(TenantLimitOverrides.UsersPerTenant)),
            AuthConfigsPerTenant = row.GetInt32(nameof(TenantLimitOverrides.AuthConfigsPerTenant)),
            UpdatedAt = row.GetDateTimeOffset(nameof(TenantLimitOverrides.UpdatedAt)),
        };
    }

    /// <summary>Replaces the tenant's overrides (one upsert: the last admin write wins).</summary>
    public virtual async Task SaveAsync(string tenantId, TenantLimitOverrides limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var table = await tables.GetTableAsync(TableNames.Tenants, cancellationToken);
        var row = new TableEntity(TableKeys.Require(tenantId), Row)
        {
            [nameof(TenantLimitOverrides.RequestsPerSecond)] = limits.RequestsPerSecond,
            [nameof(TenantLimitOverrides.RequestBurst)] = limits.RequestBurst,
            [nameof(TenantLimitOverrides.CredentialsPerUser)] = limits.CredentialsPerUser,
            [nameof(TenantLimitOverrides.UsersPerTenant)] = limits.UsersPerTenant,
            [nameof(TenantLimitOverrides.AuthConfigsPerTenant)] = limits.AuthConfigsPerTenant,
            [nameof(TenantLimitOverrides.UpdatedAt)] = limits.UpdatedAt,
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }
}
