namespace Credentials.Core.Secrets;

/// <summary>The non-secret facts a revocation needs about the credential a secret bundle belongs to.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="UserId">The end user.</param>
/// <param name="ConnectorId">The connector (its revocation request).</param>
/// <param name="AuthConfigId">The OAuth app that issued the tokens, when there is one.</param>
/// <param name="AuthConfigVersion">Its version.</param>
/// <param name="Metadata">Connector fields and provider facts that revocation URL templates may name.</param>
public sealed record SecretOwner(string TenantId, string UserId, string ConnectorId, string? AuthConfigId, int? AuthConfigVersion, IReadOnlyDictionary<string, string> Metadata);
