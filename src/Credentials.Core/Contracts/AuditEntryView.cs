namespace Credentials.Core.Contracts;

/// <summary>
/// One entry of a tenant's audit trail: what was done (<c>act</c>), by whom (<c>actor</c>: <c>key:{keyId}</c>,
/// <c>platform-admin</c>, <c>end-user</c> or <c>system</c>), to which credential or user, and how it ended. Never a secret.
/// </summary>
public sealed record AuditEntryView(
    string Id,
    DateTimeOffset At,
    string Act,
    string Actor,
    string? CredentialId,
    string? UserId,
    string? ConnectorId,
    string? Outcome,
    string? Method,
    string? Host,
    string? Path,
    int? Status);
