namespace Credentials.Core.Contracts;

/// <summary>A connect session as its tenant polls it (never its token).</summary>
/// <param name="Status"><c>pending</c>, <c>completed</c> (a credential was connected) or <c>expired</c> (also when the user was deleted).</param>
/// <param name="Connectors">The connector ids the page offers.</param>
/// <param name="CredentialIds">The credentials the session connected, oldest first.</param>
/// <param name="LastError">The code of the last failed attempt (<c>access_denied</c>, <c>verification_failed</c>, ...), or null.</param>
public sealed record ConnectSessionView(
    string SessionId,
    string UserId,
    string Status,
    IReadOnlyList<string> Connectors,
    string? RedirectUri,
    string? ReauthorizeCredentialId,
    string? Locale,
    bool Multiple,
    IReadOnlyList<string> CredentialIds,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? CompletedAt);
