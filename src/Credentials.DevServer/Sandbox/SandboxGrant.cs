namespace Credentials.DevServer.Sandbox;

/// <summary>One consent at the sandbox provider: the account, the scopes, and its current tokens (mutable, guarded by the provider's lock).</summary>
internal sealed class SandboxGrant
{
    /// <summary>The account the tokens act for (<c>acct_...</c>), returned in the token response as <c>account_id</c>.</summary>
    public required string AccountId { get; init; }

    /// <summary>The name typed on the consent page.</summary>
    public required string Username { get; init; }

    /// <summary>The scopes consented to.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The only refresh token that still works; every earlier one is in <see cref="UsedRefreshTokens"/>.</summary>
    public string RefreshToken { get; set; } = string.Empty;

    /// <summary>Refresh tokens already exchanged: presenting one again revokes the grant (reuse detection).</summary>
    public HashSet<string> UsedRefreshTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>When it was revoked (by the client, by reuse, or by the revoke-all switch); null while live.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>How many times the refresh token was exchanged.</summary>
    public int Refreshes { get; set; }
}
