using Azure;
using Azure.Data.Tables;

namespace Credentials.Core.Tenancy;

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
