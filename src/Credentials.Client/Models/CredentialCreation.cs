namespace Credentials.Client.Models;

/// <summary>What <c>POST /credentials</c> answered: a stored credential (201), or for an OAuth flow the link to send the end user to (200).</summary>
public sealed record CredentialCreation(Credential? Credential, AuthorizationLink? AuthorizationLink);
