namespace Credentials.Client.Models;

/// <summary>What a connector needs to create a credential, per authentication type.</summary>
public sealed record ConnectorMetadata(string ConnectorId, IReadOnlyList<AuthenticationTypeMetadata> Metadata);
