namespace Credentials.Core.Credentials;

/// <summary>A credential as the API shows it: metadata and status, never secrets.</summary>
public sealed record CredentialView(
    string CredentialId,
    string UserId,
    string ConnectorId,
    string AuthenticationType,
    string? Name,
    CredentialStatus Status,
    string? StatusReason,
    RefreshErrorView? RefreshError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastRefreshedAt,
    IReadOnlyList<string> Scopes,
    IReadOnlyDictionary<string, string> Metadata,
    AuthConfigRef? AuthConfig)
{
    /// <summary>The view of a stored credential.</summary>
    public static CredentialView From(Credential c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var error = c.RefreshError is { } e ? new RefreshErrorView(e.Code, e.Message, e.Since, e.Attempts) : null;
        return new(c.CredentialId, c.UserId, c.ConnectorId, c.AuthenticationType, c.Name, c.Status, c.StatusReason, error,
            c.CreatedAt, c.UpdatedAt, c.ExpiresAt, c.LastRefreshedAt, c.Scopes, c.Metadata,
            c.AuthConfigId is null ? null : new AuthConfigRef(c.AuthConfigId, c.AuthConfigVersion ?? 0));
    }
}
