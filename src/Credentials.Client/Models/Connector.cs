namespace Credentials.Client.Models;

/// <summary>A connector of the catalogue.</summary>
public sealed record Connector(string Id, string Name, string? Description, IReadOnlyList<string> AuthenticationTypes);
