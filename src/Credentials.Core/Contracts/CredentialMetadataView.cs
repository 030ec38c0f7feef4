namespace Credentials.Core.Contracts;

/// <summary>What a connector needs to create a credential, per authentication type (<c>GET /connectors/{id}/credentials/metadata</c>).</summary>
public sealed record CredentialMetadataView(string ConnectorId, IReadOnlyList<AuthenticationTypeMetadata> Metadata);
