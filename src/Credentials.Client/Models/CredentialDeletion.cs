namespace Credentials.Client.Models;

/// <summary>What a credential delete did at the provider: <c>revoked</c>, <c>failed</c> (retried by the service), <c>pending</c> or <c>not_supported</c>.</summary>
public sealed record CredentialDeletion(string Revocation);
