namespace Credentials.Core.Secrets;

/// <summary>What deleting a tenant's data key did: soft-deleted when, purged or not, and when the vault purges it by itself.</summary>
/// <param name="DeletedOn">When the vault soft-deleted the key.</param>
/// <param name="ScheduledPurgeDate">When the vault purges it at the latest (the end of its soft-delete retention).</param>
/// <param name="Purged">Whether the purge succeeded now (never with purge protection on).</param>
public sealed record DataKeyDeletion(DateTimeOffset? DeletedOn, DateTimeOffset? ScheduledPurgeDate, bool Purged);
