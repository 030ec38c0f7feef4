namespace Credentials.Core.Contracts;

/// <summary>What a connector needs to create a credential, per authentication type.</summary>
public sealed record ConnectorMetadataView(string ConnectorId, IReadOnlyList<AuthenticationTypeMetadata> Metadata);
