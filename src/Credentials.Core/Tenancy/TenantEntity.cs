using Azure;
using Azure.Data.Tables;

namespace Credentials.Core.Tenancy;

/// <summary>Table row of a tenant: PartitionKey = tenant id, RowKey = <see cref="Row"/>.</summary>
internal sealed class TenantEntity : ITableEntity
{
    public const string Row = "tenant";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Name { get; set; } = string.Empty;
    public string AllowedRedirectUrisJson { get; set; } = "[]";
    public string? WebhookUrl { get; set; }
    public DateTimeOffset? WebhookDisabledAt { get; set; }
    public string? WebhookSecretId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Table row listing one API key in its tenant's partition: RowKey = <c>key|{keyId}</c>.</summary>
internal sealed class TenantKeyListingEntity : ITableEntity
{
    public const string RowPrefix = "key|";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>Table row of an API key by key id: PartitionKey = key id, RowKey empty. Holds only the hash.</summary>
internal sealed class ApiKeyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string TenantId { get; set; } = string.Empty;
    public byte[] Hash { get; set; } = [];
    public string? Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
