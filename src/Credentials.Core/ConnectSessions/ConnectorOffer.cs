namespace Credentials.Core.ConnectSessions;

/// <summary>A connector a connect session offers, with the authentication types the end user may use for it.</summary>
public sealed record ConnectorOffer(string ConnectorId, IReadOnlyList<string> AuthenticationTypes);
