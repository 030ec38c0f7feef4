namespace Credentials.Client.Models;

/// <summary>A stored credential: metadata and status, never its secret.</summary>
/// <param name="Status"><c>active</c>, <c>invalid</c> (the end user must connect again) or <c>deleting</c>.</param>
public sealed record Credential(
    string CredentialId,
    string UserId,
    string ConnectorId,
    string AuthenticationType,
    string? Name,
    string Status,
    string? StatusReason,
    RefreshError? RefreshError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastRefreshedAt,
    IReadOnlyList<string> Scopes,
    IReadOnlyDictionary<string, string> Metadata,
    AuthConfigVersion? AuthConfig);
