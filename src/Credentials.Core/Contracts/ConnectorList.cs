namespace Credentials.Core.Contracts;

/// <summary>The connector catalogue.</summary>
public sealed record ConnectorList(IReadOnlyList<ConnectorSummary> Connectors);
