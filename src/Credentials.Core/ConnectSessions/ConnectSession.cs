using System.Text.Json;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;

namespace Credentials.Core.ConnectSessions;

/// <summary>
/// A short-lived capability for one end user of one tenant: the hosted connect page, holding its token, may list the offered
/// connectors, create one credential for that user (several when <see cref="Multiple"/>) and read its own result. Only the
/// token's SHA-256 is stored.
/// </summary>
public sealed record ConnectSession
{
    /// <summary>How long a session's row is kept after it expired, so the tenant can still read its result; then the sweep removes it.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary><c>cns-</c> id in its user's partition.</summary>
    public required string SessionId { get; init; }

    /// <summary>The tenant that created it.</summary>
    public required string TenantId { get; init; }

    /// <summary>The end user every credential it creates belongs to.</summary>
    public required string UserId { get; init; }

    /// <summary>SHA-256 of the token (<see cref="ConnectSessionToken"/>).</summary>
    public required byte[] TokenHash { get; init; }

    /// <summary>The connectors the page offers, each with the authentication types available for it when the session was created.</summary>
    public required IReadOnlyList<ConnectorOffer> Offers { get; init; }

    /// <summary>True when the tenant named the connectors; false when the session offers every available one.</summary>
    public bool ConnectorsListed { get; init; }

    /// <summary>Where the page sends the browser when done (one of the tenant's allowed redirect URIs), or null to show "Connected".</summary>
    public string? RedirectUri { get; init; }

    /// <summary>Set when the session reconnects an existing oauth2 credential in place instead of creating one.</summary>
    public string? ReauthorizeCredentialId { get; init; }

    /// <summary>The page's language (a BCP 47 tag), or null for English.</summary>
    public string? Locale { get; init; }

    /// <summary>Whether the session may create more than one credential.</summary>
    public bool Multiple { get; init; }

    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>From then on the token creates nothing and the session shows as expired (unless it has a result).</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>What the session connected, oldest first.</summary>
    public IReadOnlyList<ConnectResult> Results { get; init; } = [];

    /// <summary>The code of the last failed attempt (<c>access_denied</c>, <c>verification_failed</c>, ...), or null.</summary>
    public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>When the sweep removes the row: the time of its due-index entry.</summary>
    public DateTimeOffset RemoveAt => ExpiresAt + Retention;

    /// <summary>True from <see cref="ExpiresAt"/> on.</summary>
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>True while the token may still create (or reconnect) a credential: not expired, and single-use sessions not yet used.</summary>
    public bool AcceptsCredential(DateTimeOffset now) => !IsExpired(now) && (Multiple || Results.Count == 0);

    /// <summary>
    /// Why a session (null when revoked or removed) takes no credential now: session_expired when it is gone or past its expiry,
    /// session_completed when a single-use session already has its result.
    /// </summary>
    public static ServiceException Refusal(ConnectSession? session, DateTimeOffset now)
        => session is null || session.IsExpired(now)
            ? new ServiceException(ErrorCodes.SessionExpired, "This connect link has expired; the application must create a new one.")
            : new ServiceException(ErrorCodes.SessionCompleted, "This connect link has already connected an account.");

    /// <summary>The status the tenant sees; a session of a deleted (or deleting) user is expired.</summary>
    public ConnectSessionStatus StatusAt(DateTimeOffset now, bool userExists)
        => !userExists ? ConnectSessionStatus.Expired
            : Results.Count > 0 ? ConnectSessionStatus.Completed
            : IsExpired(now) ? ConnectSessionStatus.Expired
            : ConnectSessionStatus.Pending;

    /// <summary>The offer for <paramref name="connectorId"/>, or null when the session does not offer that connector.</summary>
    public ConnectorOffer? OfferFor(string? connectorId)
        => Offers.FirstOrDefault(o => string.Equals(o.ConnectorId, connectorId, StringComparison.Ordinal));

    /// <summary>The session once it connected <paramref name="credentialId"/> (kept once, in order).</summary>
    public ConnectSession WithResult(string credentialId, string connectorId, DateTimeOffset at)
        => Results.Any(r => r.CredentialId == credentialId) ? this : this with { Results = [.. Results, new ConnectResult(credentialId, connectorId, at)] };

    /// <summary>The session as its tenant reads it, with the status computed by <see cref="StatusAt"/>.</summary>
    public ConnectSessionView ToView(ConnectSessionStatus status) => new(
        SessionId, UserId, JsonNamingPolicy.CamelCase.ConvertName(status.ToString()), [.. Offers.Select(o => o.ConnectorId)], RedirectUri,
        ReauthorizeCredentialId, Locale, Multiple, [.. Results.Select(r => r.CredentialId)], LastError, CreatedAt, ExpiresAt,
        Results.Count > 0 ? Results[^1].At : null);
}
