using Azure;
using Azure.Data.Tables;

namespace Credentials.Core.ConnectSessions;

/// <summary>Table row of a connect session: PartitionKey = its user's id, RowKey = <c>connect|{sessionId}</c> (<see cref="ConnectSessionStore"/>).</summary>
internal sealed class ConnectSessionEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string TenantId { get; set; } = string.Empty;
    public string UserId { get; set; } = string.Empty;
    public byte[] TokenHash { get; set; } = [];
    public string OffersJson { get; set; } = "[]";
    public bool ConnectorsListed { get; set; }
    public string? RedirectUri { get; set; }
    public string? ReauthorizeCredentialId { get; set; }
    public string? Locale { get; set; }
    public bool Multiple { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string ResultsJson { get; set; } = "[]";
    public DateTimeOffset? CompletedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public DateTimeOffset RemoveAt { get; set; }
}
