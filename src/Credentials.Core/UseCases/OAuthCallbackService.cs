using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.Ids;
using Credentials.Core.OAuth;
using Credentials.Core.Secrets;
using Credentials.Core.Users;
using Credentials.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>
/// Completes an authorization: consumes the state once, checks the connector (mix-up defence) and issuer, exchanges the
/// code, collects metadata and creates (or repairs) the credential, then sends the browser back to the tenant.
/// </summary>
public partial class OAuthCallbackService(
    ConnectorCatalog catalog,
    UserStore users,
    CredentialStore credentials,
    CredentialWriter changes,
    Refresh.RefreshService refresh,
    TokenRevoker revoker,
    AuthConfigService authConfigs,
    OAuthStateStore states,
    ConnectSessionStore connectSessions,
    TokenEndpointClient tokenEndpoint,
    ProviderMetadataReader metadataReader,
    ApiRoutes routes,
    AuditTrail audit,
    IOptions<CredentialsOptions> options,
    TimeProvider clock,
    ILogger<OAuthCallbackService> logger)
{
    /// <summary>The page shown when the state is unknown, used or expired.</summary>
    public const string InvalidLinkMessage = "This authorization link is invalid or has expired. Start the connection again from the application.";

    /// <summary>Handles <c>GET /oauth/callback/{connectorId}</c> with the query it received.</summary>
    public virtual async Task<OAuthCallbackOutcome> CompleteAsync(string connectorId, Func<string, string?> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var state = await states.ConsumeAsync(query("state"), clock.GetUtcNow(), cancellationToken);
        if (state is null)
        {
            return OAuthCallbackOutcome.Page(InvalidLinkMessage);
        }

        // RFC 9700 4.4: the response must come back on the path of the connector the flow was started for.
        if (!string.Equals(state.ConnectorId, connectorId, StringComparison.Ordinal) || catalog.Find(connectorId) is not { OAuth2: { } settings } connector)
        {
            LogMixUp(logger, connectorId);
            return OAuthCallbackOutcome.Page(InvalidLinkMessage);
        }

        var (outcome, error) = await FinishAsync(state, connector, settings, query, cancellationToken);
        if (error is not null && state.ConnectSessionId is { } sessionId)
        {
            // The tenant polling the session sees why the last attempt failed (best effort: the redirect carries it too).
            await connectSessions.RecordErrorAsync(sessionId, error, clock.GetUtcNow(), CancellationToken.None);
        }

        return outcome;
    }

    // The checks and the exchange of a consumed state; the outcome, and the error code when it failed.
    private async Task<(OAuthCallbackOutcome Outcome, string? Error)> FinishAsync(OAuthState state, ConnectorDefinition connector, OAuth2Settings settings, Func<string, string?> query, CancellationToken cancellationToken)
    {
        var connectorId = state.ConnectorId;

        // Every end of a consumed state is on the tenant's record: the credential it made or repaired, or why not.
        void Audit(string outcome, string? credentialId) => audit.Record(
            AuditEntry.By(AuditActors.EndUser, state.TenantId, state.CredentialId is null ? AuditActs.CredentialCreate : AuditActs.CredentialReauthorize) with
            {
                CredentialId = credentialId ?? state.CredentialId,
                UserId = state.UserId,
                ConnectorId = connectorId,
                Outcome = outcome,
            });

        (OAuthCallbackOutcome, string?) Fail(string error, string? description = null)
        {
            Audit(error, null);
            var parameters = new List<KeyValuePair<string, string>> { new("error", error), new("connectorId", connectorId) };
            if (description is not null)
            {
                parameters.Add(new("error_description", description));
            }

            if (state.CredentialId is not null)
            {
                parameters.Add(new("credentialId", state.CredentialId));
            }

            return (OAuthCallbackOutcome.Redirect(RedirectUris.WithQuery(state.RedirectUri, parameters)), error);
        }

        if (query("iss") is { } iss && settings.Issuer is { } expectedIssuer
            && !string.Equals(iss, UrlTemplate.Expand(expectedIssuer, state.Fields), StringComparison.Ordinal))
        {
            return Fail("invalid_issuer", "The authorization response came from an unexpected issuer.");
        }

        if (query("error") is { } providerError)
        {
            // A connector may replace a provider's unhelpful description (Salesforce's OAUTH_APPROVAL_ERROR_GENERIC) with a clear one.
            var error = Sanitize(providerError, 64);
            var description = settings.AuthorizationErrorDescriptions.TryGetValue(error, out var known) ? known
                : query("error_description") is { } d ? Sanitize(d, 200) : null;
            return Fail(error, description);
        }

        if (query("code") is not { Length: > 0 and <= 4096 } code)
        {
            return Fail("invalid_request", "The provider returned no authorization code.");
        }

        // A connect session revoked, expired or used meanwhile gets nothing: the code is not even exchanged.
        if (state.ConnectSessionId is { } sessionId)
        {
            try
            {
                await RequireOpenSessionAsync(sessionId);
            }
            catch (Errors.ServiceException refusal)
            {
                return Fail(refusal.Code, refusal.Message);
            }
        }

        var config = await authConfigs.ResolveAsync(state.TenantId, connectorId, state.AuthConfigId, state.AuthConfigVersion, cancellationToken);
        if (config is null)
        {
            return Fail("auth_config_error", "The OAuth app used for this connection no longer exists.");
        }

        var endpoint = TokenEndpoint.For(connector, state.Fields);
        if (UrlRules.Check(endpoint.Url, options.Value.AllowInsecureLoopback) is not null)
        {
            return Fail("provider_error", "The token endpoint is not an https URL.");
        }

        var publicBase = options.Value.PublicBaseUrl ?? throw new InvalidOperationException("Credentials__PublicBaseUrl is required for OAuth flows.");
        var result = await tokenEndpoint.ExchangeCodeAsync(settings, endpoint, config, code, routes.CallbackUrl(publicBase, connectorId), state.CodeVerifier, cancellationToken);
        if (result.LimitedBy is not null)
        {
            return Fail("temporarily_unavailable", "Too many connections to this provider right now; start the connection again in a minute.");
        }

        if (!result.IsSuccess)
        {
            LogExchangeFailed(logger, connectorId, result.StatusCode ?? 0, result.Error ?? "none");
            return Fail("provider_error", "The provider did not issue tokens.");
        }

        var problems = new List<string>();
        var metadata = new Dictionary<string, string>(state.Fields, StringComparer.Ordinal);
        var fromProvider = ProviderMetadataReader.FromCallback(settings, query, problems)
            .Concat(ProviderMetadataReader.FromAccessToken(settings, result.Tokens!.AccessToken, problems))
            .Concat(ProviderMetadataReader.FromJson(settings.TokenResponseMetadata, result.Raw, problems));
        foreach (var (name, value) in fromProvider)
        {
            metadata[name] = value;
        }

        if (settings.PostConnect.Count > 0 && problems.Count == 0)
        {
            metadata = await metadataReader.PostConnectAsync(connector, metadata, result.Tokens!.AccessToken, problems, cancellationToken);
        }

        if (problems.Count > 0)
        {
            LogMetadataProblems(logger, connectorId, string.Join("; ", problems));
            return Fail("provider_error", "The provider's response lacked required account details.");
        }

        // From here on nothing is cancelled: the provider has issued tokens, and they must be stored or revoked, never dropped.
        var tokens = result.Tokens!;
        string? credentialId;
        Errors.ServiceException? refused = null;
        try
        {
            credentialId = state.CredentialId is null
                ? await CreateAsync(state, config, tokens, metadata)
                : await ReauthorizeAsync(state, config, tokens, metadata);
        }
        catch (Errors.ServiceException e) when (e.Code is Errors.ErrorCodes.NotFound or Errors.ErrorCodes.QuotaExceeded or Errors.ErrorCodes.SessionExpired or Errors.ErrorCodes.SessionCompleted or Errors.ErrorCodes.Conflict)
        {
            credentialId = null;
            refused = e.Code == Errors.ErrorCodes.NotFound ? null : e;
        }

        if (credentialId is null)
        {
            // The user, the credential or the session went away during the flow, or the user filled their quota meanwhile: the grant
            // just issued must not stay alive at the provider (I4).
            await RevokeUnusedAsync(state, config, tokens, metadata);
            return refused is { Code: Errors.ErrorCodes.QuotaExceeded } ? Fail(Errors.ErrorCodes.QuotaExceeded, "The end user already has as many connections as the application allows.")
                : refused is { Code: Errors.ErrorCodes.Conflict } ? Fail("temporarily_unavailable", "Too many connections for this end user at once; start the connection again.")
                : refused is not null ? Fail(refused.Code, refused.Message)
                : state.CredentialId is null ? Fail("user_not_found", "The end user was deleted during the connection.")
                : Fail("not_found", "The credential being reauthorized no longer exists.");
        }

        Audit(state.CredentialId is null ? "created" : "reauthorized", credentialId);
        return (OAuthCallbackOutcome.Redirect(RedirectUris.WithQuery(state.RedirectUri, [new("credentialId", credentialId), new("connectorId", connectorId)])), null);
    }

    // The session of a connect page's flow with its ETag while it still takes a credential; session_expired or session_completed otherwise.
    private async Task<ConnectSessionClaim> RequireOpenSessionAsync(string sessionId)
    {
        var now = clock.GetUtcNow();
        var found = await connectSessions.GetAsync(sessionId, CancellationToken.None);
        return found is { } hit && hit.Session.AcceptsCredential(now) ? new ConnectSessionClaim(hit.Session, hit.ETag) : throw ConnectSession.Refusal(found?.Session, now);
    }

    // Stored through the one create order; not_found when the user is missing or being deleted.
    private async Task<string> CreateAsync(OAuthState state, AuthConfig config, OAuthTokens tokens, Dictionary<string, string> metadata)
    {
        var found = await users.GetAsync(state.UserId, CancellationToken.None);
        if (found is not { } head || head.User.IsDeleting || head.User.TenantId != state.TenantId)
        {
            throw Errors.ServiceException.NotFound("user");
        }

        var now = clock.GetUtcNow();
        var next = Refresh.RefreshSchedule.NextRefreshAt(catalog.Find(state.ConnectorId)!.OAuth2!, tokens.ExpiresAt, now, options.Value.RefreshWindow);
        var credential = new Credential
        {
            CredentialId = ResourceIds.NewCredential(state.UserId),
            TenantId = state.TenantId,
            UserId = state.UserId,
            ConnectorId = state.ConnectorId,
            AuthenticationType = AuthenticationTypes.OAuth2,
            Name = state.Name,
            Metadata = metadata,
            Scopes = tokens.Scopes.Count > 0 ? tokens.Scopes : state.Scopes,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = tokens.ExpiresAt,
            LastRefreshedAt = now,
            AuthConfigId = config.AuthConfigId,
            AuthConfigVersion = config.Version,
            NextRefreshAt = next,
            ConnectSessionId = state.ConnectSessionId,
        };
        var session = state.ConnectSessionId is { } sessionId ? await RequireOpenSessionAsync(sessionId) : null;
        await changes.StoreNewAsync(credential, new SecretBundle { Tokens = tokens }, head.ETag, session);
        return credential.CredentialId;
    }

    // Repairs the credential in place under the refresh lease; null when it is gone or being deleted.
    private async Task<string?> ReauthorizeAsync(OAuthState state, AuthConfig config, OAuthTokens tokens, Dictionary<string, string> metadata)
    {
        var found = await credentials.GetAsync(state.CredentialId!, CancellationToken.None);
        if (found is not { } hit || hit.Credential.TenantId != state.TenantId)
        {
            return null;
        }

        var settings = catalog.Find(state.ConnectorId)!.OAuth2!;
        var repaired = await refresh.ReplaceTokensAsync(state.CredentialId!, tokens, current => current with
        {
            Status = CredentialStatus.Active,
            StatusReason = null,
            Metadata = metadata,
            Scopes = tokens.Scopes.Count > 0 ? tokens.Scopes : state.Scopes,
            AuthConfigId = config.AuthConfigId,
            AuthConfigVersion = config.Version,
        });
        if (repaired is not null && state.ConnectSessionId is { } sessionId)
        {
            await RecordReconnectAsync(sessionId, repaired.CredentialId, state.ConnectorId);
        }

        return repaired?.CredentialId;
    }

    // A reconnect repairs the credential under its own lease, so the session learns of it in a write of its own (If-Match, retried).
    private async Task RecordReconnectAsync(string sessionId, string credentialId, string connectorId)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await connectSessions.GetAsync(sessionId, CancellationToken.None) is not { } hit
                || await connectSessions.TryRecordResultsAsync(hit.Session.WithResult(credentialId, connectorId, clock.GetUtcNow()), hit.ETag, CancellationToken.None))
            {
                return;
            }
        }
    }

    // Revokes tokens that no credential will ever hold (best effort: the outcome is logged by the revoker).
    private async Task RevokeUnusedAsync(OAuthState state, AuthConfig config, OAuthTokens tokens, Dictionary<string, string> metadata)
    {
        var orphan = new Credential
        {
            CredentialId = state.CredentialId ?? ResourceIds.NewCredential(state.UserId),
            TenantId = state.TenantId,
            UserId = state.UserId,
            ConnectorId = state.ConnectorId,
            AuthenticationType = AuthenticationTypes.OAuth2,
            Metadata = metadata,
            AuthConfigId = config.AuthConfigId,
            AuthConfigVersion = config.Version,
        };
        await revoker.RevokeAsync(orphan, tokens, CancellationToken.None);
    }

    // Provider text is reflected into the tenant's redirect: keep it short and printable.
    private static string Sanitize(string value, int max)
        => new([.. value.Where(c => c >= ' ' && c <= '~').Take(max)]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OAuth callback on connector {ConnectorId} did not match the state's connector")]
    private static partial void LogMixUp(ILogger logger, string connectorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Code exchange for {ConnectorId} failed: status {Status}, error {Error}")]
    private static partial void LogExchangeFailed(ILogger logger, string connectorId, int status, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider metadata for {ConnectorId} incomplete: {Problems}")]
    private static partial void LogMetadataProblems(ILogger logger, string connectorId, string problems);
}
