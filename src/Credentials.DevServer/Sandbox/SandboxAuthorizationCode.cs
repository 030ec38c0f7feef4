namespace Credentials.DevServer.Sandbox;

/// <summary>A code issued by the consent page: single use, bound to the redirect URI and the PKCE challenge.</summary>
internal sealed record SandboxAuthorizationCode(string RedirectUri, string CodeChallenge, string Username, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt)
{
    /// <summary>The grant made when the code was exchanged; a second exchange revokes it (RFC 6749 section 4.1.2).</summary>
    public SandboxGrant? IssuedGrant { get; set; }
}
