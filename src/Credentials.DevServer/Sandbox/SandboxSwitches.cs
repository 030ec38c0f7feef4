namespace Credentials.DevServer.Sandbox;

/// <summary>The sandbox's failure switches as <c>GET /sandbox/control</c> shows them.</summary>
/// <param name="FailStatus">While set, the token endpoint and the API answer this status (e.g. 503).</param>
/// <param name="LiveGrants">Grants that still work.</param>
/// <param name="RevokedGrants">Grants revoked by a client, by refresh-token reuse, or by <c>revoke-all</c>.</param>
/// <param name="TokenLifetimeSeconds">The lifetime of new access tokens.</param>
public sealed record SandboxSwitches(int? FailStatus, int LiveGrants, int RevokedGrants, long TokenLifetimeSeconds);
