namespace Credentials.Core.Contracts;

/// <summary>One page of tenants; pass <paramref name="ContinuationToken"/> back for the next page (null on the last).</summary>
public sealed record TenantList(IReadOnlyList<TenantView> Tenants, string? ContinuationToken);
