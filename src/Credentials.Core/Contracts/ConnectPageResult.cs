namespace Credentials.Core.Contracts;

/// <summary>A credential the session connected, and where the page sends the browser for it (the redirect URI with <c>credentialId</c> and <c>connectorId</c>), if anywhere.</summary>
public sealed record ConnectPageResult(string CredentialId, string ConnectorId, string? RedirectUrl);
