using System.Text.Json;
using Credentials.Core.Contracts;
using Credentials.Core.Secrets;

namespace Credentials.Core.Credentials;

/// <summary>A stored credential's metadata and status (never its secret).</summary>
public sealed record Credential
{
    /// <summary>Opaque id.</summary>
    public required string CredentialId { get; init; }

    /// <summary>Owning tenant; every lookup checks it.</summary>
    public required string TenantId { get; init; }

    /// <summary>The end user it belongs to.</summary>
    public required string UserId { get; init; }

    /// <summary>The connector it is for.</summary>
    public required string ConnectorId { get; init; }

    /// <summary><c>oauth2</c>, <c>apiKey</c>, <c>basic</c> or <c>custom</c>.</summary>
    public required string AuthenticationType { get; init; }

    /// <summary>A label chosen by the tenant.</summary>
    public string? Name { get; init; }

    /// <summary>Usable or not.</summary>
    public CredentialStatus Status { get; init; } = CredentialStatus.Active;

    /// <summary>Why it is invalid (<c>invalid_grant</c>, <c>verification_failed</c>, ...).</summary>
    public string? StatusReason { get; init; }

    /// <summary>Non-secret provider facts and non-secret connector fields.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Granted scopes, when known.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the access token expires, when known.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When the token was last refreshed.</summary>
    public DateTimeOffset? LastRefreshedAt { get; init; }

    /// <summary>The auth config (OAuth app) that issued an oauth2 credential; refreshes use the same one.</summary>
    public string? AuthConfigId { get; init; }

    /// <summary>The version of that auth config.</summary>
    public int? AuthConfigVersion { get; init; }

    /// <summary>When the sweep should refresh next (the due index mirrors it); null when never.</summary>
    public DateTimeOffset? NextRefreshAt { get; init; }

    /// <summary>
    /// The refresh time this row pointed at before its last change: its due-index entry may still exist (it is removed after
    /// the new one is written), so a delete removes both.
    /// </summary>
    public DateTimeOffset? PreviousRefreshAt { get; init; }

    /// <summary>Refreshes failing without the credential being dead.</summary>
    public RefreshError? RefreshError { get; init; }

    /// <summary>The secret bundle generation this metadata reflects; a larger one in the secret means a write was interrupted.</summary>
    public int SecretGeneration { get; init; } = 1;

    /// <summary>A refresh in progress elsewhere holds the credential until then.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>Who holds the lease.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When a delete was accepted (status <see cref="CredentialStatus.Deleting"/>); the repair finishes it.</summary>
    public DateTimeOffset? DeleteRequestedAt { get; init; }

    /// <summary>How many times finishing the delete (revocation at the provider) has been tried.</summary>
    public int ReapAttempts { get; init; }

    /// <summary>The connect session whose page created it, or null; its <c>credential.created</c> event names it as <c>sessionId</c>.</summary>
    public string? ConnectSessionId { get; init; }

    /// <summary>
    /// The secret bundle sealed into this row (Local and Envelope modes), bound to <see cref="SecretGeneration"/>; null in KeyVault
    /// mode and for rows written before bundles moved into rows, whose bundle is still in the secret store.
    /// </summary>
    public SealedSecret? Sealed { get; init; }

    /// <summary>
    /// The bundle moved from the secret store into this row, and the store's copy may still be there (it is deleted after the
    /// row is written): the credential's delete removes it too.
    /// </summary>
    public bool StoreCopyMayRemain { get; init; }

    /// <summary>True when the API shows and serves this credential (a deleting one answers like an unknown id).</summary>
    public bool IsVisible => Status != CredentialStatus.Deleting;

    /// <summary>The credential as the API and webhook events show it: metadata and status, never secrets.</summary>
    public CredentialView ToView() => new(
        CredentialId, UserId, ConnectorId, AuthenticationType, Name,
        JsonNamingPolicy.CamelCase.ConvertName(Status.ToString()), StatusReason,
        RefreshError is { } e ? new RefreshErrorView(e.Code, e.Message, e.Since, e.Attempts) : null,
        CreatedAt, UpdatedAt, ExpiresAt, LastRefreshedAt, Scopes, Metadata,
        AuthConfigId is null ? null : new AuthConfigRef(AuthConfigId, AuthConfigVersion ?? 0));

    /// <summary>
    /// The row once tokens were stored as secret generation <paramref name="generation"/>: their expiry and scopes, the next
    /// refresh (keeping the time the row pointed at before, whose due entry may still exist), no refresh error, no lease. The one
    /// way a refresh, a repair and a reauthorization update a row after their secret write.
    /// </summary>
    public Credential WithStoredTokens(OAuthTokens tokens, int generation, DateTimeOffset? nextRefreshAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return this with
        {
            ExpiresAt = tokens.ExpiresAt,
            Scopes = tokens.Scopes.Count > 0 ? tokens.Scopes : Scopes,
            LastRefreshedAt = now,
            UpdatedAt = now,
            NextRefreshAt = nextRefreshAt,
            PreviousRefreshAt = NextRefreshAt,
            RefreshError = null,
            SecretGeneration = generation,
            LeaseUntil = null,
            LeaseOwner = null,
        };
    }

    /// <summary>The row without its refresh lease.</summary>
    public Credential Released() => this with { LeaseUntil = null, LeaseOwner = null };

    /// <summary>Where this credential's secret bundle lives in the secret store.</summary>
    public SecretAddress SecretAddress => new(TenantId, CredentialId, ConnectorId);
}
