namespace Credentials.Core.Contracts;

/// <summary>One page of a tenant's users (or the result of a lookup by username); pass <paramref name="ContinuationToken"/> back for the next page (null on the last).</summary>
public sealed record UserList(IReadOnlyList<UserView> Users, string? ContinuationToken);
