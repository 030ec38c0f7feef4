using Azure;
using Azure.Data.Tables;

namespace Credentials.Core.Users;

/// <summary>
/// A username reservation in the <c>users</c> table: PartitionKey = tenant id, RowKey = the lower-cased username. It is also the
/// tenant's user listing (a range query on the tenant's partition). <see cref="Confirmed"/> is set once the user's head row
/// exists, so an unconfirmed reservation is an interrupted create (docs/consistency.md, I5).
/// </summary>
internal sealed class UsernameEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string UserId { get; set; } = string.Empty;
    public string Username { get; set; } = string.Empty;
    public string? FullName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Confirmed { get; set; }
}
