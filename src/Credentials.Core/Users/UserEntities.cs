using Azure;
using Azure.Data.Tables;

namespace Credentials.Core.Users;

/// <summary>Table row of a user: PartitionKey = user id, RowKey = <see cref="Row"/>.</summary>
internal sealed class UserEntity : ITableEntity
{
    public const string Row = "user";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string TenantId { get; set; } = string.Empty;
    public string Username { get; set; } = string.Empty;
    public string? FullName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Reserves a username within a tenant: PartitionKey = <c>username|{tenantId}</c>, RowKey = the lower-cased username.</summary>
internal sealed class UsernameEntity : ITableEntity
{
    public const string PartitionPrefix = "username|";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string UserId { get; set; } = string.Empty;
}

/// <summary>Lists one credential in its user's partition: PartitionKey = user id, RowKey = <c>cred|{credentialId}</c>.</summary>
internal sealed class UserCredentialEntity : ITableEntity
{
    public const string RowPrefix = "cred|";
    public const string RowEnd = "cred}";

    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string ConnectorId { get; set; } = string.Empty;
}
