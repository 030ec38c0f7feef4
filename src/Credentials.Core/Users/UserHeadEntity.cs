using Azure;
using Azure.Data.Tables;

namespace Credentials.Core.Users;

/// <summary>
/// A user's head row in the <c>credentials</c> table: PartitionKey = user id, RowKey = <see cref="Row"/>. Every transaction that
/// adds a credential to the partition carries If-Match on this row, so a delete that marks it wins against every later create.
/// </summary>
internal sealed class UserHeadEntity : ITableEntity
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
    public DateTimeOffset? DeleteRequestedAt { get; set; }
}
