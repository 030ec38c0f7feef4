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
    public string? DisplayName { get; set; }
    public string? AccentColor { get; set; }
    public string? AllowedFrameOriginsJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
