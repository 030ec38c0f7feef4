namespace Credentials.DevServer.Sandbox;

/// <summary>An access token the sandbox issued: its grant and expiry.</summary>
internal sealed record SandboxAccessToken(SandboxGrant Grant, DateTimeOffset ExpiresAt);
