using Azure;
using Azure.Data.Tables;
using Credentials.Core.Storage;

namespace Credentials.Core.Credentials;

/// <summary>Table row of a credential: PartitionKey = its user's id, RowKey = <c>cred|{credentialId}</c> (<see cref="CredentialRowKeys"/>).</summary>
internal sealed class CredentialEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string TenantId { get; set; } = string.Empty;
    public string UserId { get; set; } = string.Empty;
    public string ConnectorId { get; set; } = string.Empty;
    public string AuthenticationType { get; set; } = string.Empty;
    public string? Name { get; set; }
    public string Status { get; set; } = string.Empty;
    public string? StatusReason { get; set; }
    public string MetadataJson { get; set; } = "{}";
    public string ScopesJson { get; set; } = "[]";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastRefreshedAt { get; set; }
    public string? AuthConfigId { get; set; }
    public int? AuthConfigVersion { get; set; }
    public DateTimeOffset? NextRefreshAt { get; set; }
    public DateTimeOffset? PreviousRefreshAt { get; set; }
    public string? RefreshErrorJson { get; set; }
    public int SecretGeneration { get; set; } = 1;
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? DeleteRequestedAt { get; set; }
    public int ReapAttempts { get; set; }
    public string? ConnectSessionId { get; set; }

    public string? SealedKeyId { get; set; }
    public byte[]? Sealed0 { get; set; }
    public byte[]? Sealed1 { get; set; }
    public byte[]? Sealed2 { get; set; }
    public byte[]? Sealed3 { get; set; }
    public bool StoreCopyMayRemain { get; set; }
}
