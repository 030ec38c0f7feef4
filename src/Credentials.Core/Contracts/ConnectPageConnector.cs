namespace Credentials.Core.Contracts;

/// <summary>A connector as the connect page lists it, with the ways the end user may connect it.</summary>
public sealed record ConnectPageConnector(string ConnectorId, string Name, string? Description, IReadOnlyList<ConnectPageMethod> Methods);
