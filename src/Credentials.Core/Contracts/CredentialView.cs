namespace Credentials.Core.Contracts;

/// <summary>A credential as the API and its webhook events show it: metadata and status, never secrets.</summary>
/// <param name="Status"><c>active</c>, <c>invalid</c> (the end user must connect again) or <c>deleting</c>.</param>
public sealed record CredentialView(
    string CredentialId,
    string UserId,
    string ConnectorId,
    string AuthenticationType,
    string? Name,
    string Status,
    string? StatusReason,
    RefreshErrorView? RefreshError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastRefreshedAt,
    IReadOnlyList<string> Scopes,
    IReadOnlyDictionary<string, string> Metadata,
    AuthConfigRef? AuthConfig);
