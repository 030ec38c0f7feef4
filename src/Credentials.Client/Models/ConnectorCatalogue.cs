namespace Credentials.Client.Models;

/// <summary>The connector list as the API sends it.</summary>
internal sealed record ConnectorCatalogue(IReadOnlyList<Connector> Connectors);
