using Azure;
using Azure.Data.Tables;

namespace Credentials.Core.Tenancy;

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
