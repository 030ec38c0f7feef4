namespace Credentials.Core.Contracts;

/// <summary>
/// The answer of <c>DELETE /platform/tenants/{tenantId}/data-key</c>: when the vault soft-deleted the key, whether it is purged,
/// and when the vault purges it by itself (until then it can be recovered in the vault).
/// </summary>
public sealed record DataKeyDeletionView(string TenantId, DateTimeOffset? DeletedAt, bool Purged, DateTimeOffset? ScheduledPurgeAt);
