namespace Credentials.Core.ConnectSessions;

/// <summary>A credential a connect session created (or, for a reauthorization, repaired).</summary>
public sealed record ConnectResult(string CredentialId, string ConnectorId, DateTimeOffset At);
