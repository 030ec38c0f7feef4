namespace Credentials.Client.Models;

/// <summary>One page of a user's credentials as the API sends it.</summary>
internal sealed record CredentialPage(IReadOnlyList<Credential> Credentials, string? ContinuationToken);
