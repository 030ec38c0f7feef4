namespace Credentials.Core.Contracts;

/// <summary>
/// What the hosted connect page receives for its token (<c>GET /connect/session</c>): the tenant's name and colour, the offered
/// connectors with their input schemas, and the session's own results. Nothing about other users, credentials or secrets.
/// </summary>
/// <param name="Status"><c>pending</c>, <c>completed</c> or <c>expired</c>.</param>
/// <param name="CanConnect">Whether the token may still create (or reconnect) a credential.</param>
/// <param name="TenantName">Who is asking: the tenant's display name.</param>
/// <param name="AccentColor">The tenant's <c>#rrggbb</c>, or null for the page's own.</param>
/// <param name="ReauthorizeConnectorId">Set when the page reconnects an existing credential of this connector.</param>
/// <param name="OpenerOrigin">The origin of the session's redirect URI: the only one a popup posts its result to; null without one.</param>
public sealed record ConnectPageView(
    string SessionId,
    string Status,
    bool CanConnect,
    string TenantName,
    string? AccentColor,
    DateTimeOffset ExpiresAt,
    bool Multiple,
    IReadOnlyList<ConnectPageConnector> Connectors,
    string? ReauthorizeConnectorId,
    IReadOnlyList<ConnectPageResult> Results,
    string? OpenerOrigin,
    string? LastError);
