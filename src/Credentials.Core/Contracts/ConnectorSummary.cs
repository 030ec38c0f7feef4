namespace Credentials.Core.Contracts;

/// <summary>One connector of the catalogue.</summary>
/// <param name="AuthenticationTypes"><c>oauth2</c>, <c>apiKey</c>, <c>basic</c>, <c>custom</c>.</param>
public sealed record ConnectorSummary(string Id, string Name, string? Description, IReadOnlyList<string> AuthenticationTypes);
