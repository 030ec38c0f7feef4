namespace Credentials.Core.Contracts;

/// <summary>The body of <c>GET /api/connectors</c>: the catalogue entries that pass the filters, ordered by id.</summary>
/// <param name="Connectors">The entries.</param>
public sealed record ConnectorList(IReadOnlyList<ConnectorView> Connectors);
