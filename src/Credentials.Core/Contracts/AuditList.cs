namespace Credentials.Core.Contracts;

/// <summary>One page of a tenant's audit trail, newest first; pass <paramref name="ContinuationToken"/> back for the next page (null on the last).</summary>
public sealed record AuditList(IReadOnlyList<AuditEntryView> Entries, string? ContinuationToken);
