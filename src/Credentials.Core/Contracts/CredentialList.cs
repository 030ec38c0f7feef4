namespace Credentials.Core.Contracts;

/// <summary>One page of a user's credentials; pass <paramref name="ContinuationToken"/> back for the next page (null on the last).</summary>
public sealed record CredentialList(IReadOnlyList<CredentialView> Credentials, string? ContinuationToken);
