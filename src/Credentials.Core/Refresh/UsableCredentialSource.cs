using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.Limits;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Refresh;

/// <summary>
/// Reads a credential for use, refreshing OAuth tokens first when due (<see cref="IUsableCredentialSource"/>). Before a refresh that
/// would call the provider, the connector's OAuth app must have a token-endpoint call left (<see cref="TokenEndpointLimiter"/>):
/// otherwise a token that is still valid is served as it is, and a forced refresh or an expired token answers 429
/// <c>token-endpoint</c>, with nothing written. How often one credential is refreshed is the refresh service's per-credential
/// de-duplication (one provider call per credential per 10 s, its result shared), which this relies on.
/// </summary>
public sealed class UsableCredentialSource(
    CredentialStore credentials,
    CredentialBundles bundles,
    ConnectorCatalog catalog,
    RefreshService refresh,
    TokenEndpointLimiter tokenEndpoint,
    IOptions<CredentialsOptions> options,
    TimeProvider clock) : IUsableCredentialSource
{
    /// <inheritdoc />
    public async Task<UsableCredential> GetUsableAsync(TenantContext tenant, string credentialId, bool forceRefresh = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var (credential, etag) = await CredentialScope.RequireCredentialAsync(credentials, tenant, credentialId, cancellationToken);
        var connector = catalog.Find(credential.ConnectorId) ?? throw ServiceException.NotFound("connector");
        RequireActive(credential);
        if (credential.AuthenticationType != AuthenticationTypes.OAuth2)
        {
            var bundle = await bundles.ReadAsync(credential, cancellationToken) ?? await MissingSecretAsync(credential, cancellationToken);
            return new UsableCredential(credential, connector, TemplateValues.Combine(credential.Metadata, bundle.Fields));
        }

        if ((forceRefresh || IsExpiring(credential)) && tokenEndpoint.Peek(credential.ConnectorId, credential.AuthConfigId) is { } retryAfter)
        {
            var held = forceRefresh ? null : await ReadTokensAsync(credential, cancellationToken);
            if (held is not null && (held.ExpiresAt is not { } heldExpiry || heldExpiry > clock.GetUtcNow()))
            {
                return new UsableCredential(credential, connector, TemplateValues.Combine(credential.Metadata, new Dictionary<string, string>(), held.AccessToken)) { Tokens = held };
            }

            throw TokenEndpointLimiter.Exhausted(retryAfter);
        }

        // The row just read starts the refresh run: a token read is the API key and this row (which holds the sealed bundle in the
        // inline modes; KeyVault mode reads the secret too).
        var outcome = await refresh.RefreshAsync(credential, etag, forceRefresh ? RefreshMode.Force : RefreshMode.IfExpiring, cancellationToken);
        if (outcome.Result == RefreshResult.Gone)
        {
            throw ServiceException.NotFound("credential");
        }

        var current = outcome.Credential ?? credential;
        RequireActive(current);
        if (outcome.Result == RefreshResult.CoolingDown)
        {
            throw LimitProblems.RateLimited(RateLimitNames.RefreshCooldown, outcome.RetryAfter ?? options.Value.ForcedRefreshCooldown, "The credential's last refresh failed moments ago; retry after the cooldown.");
        }

        var tokens = outcome.Tokens ?? await ReadTokensAsync(current, cancellationToken);
        if (tokens.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow())
        {
            // The token is dead and refreshes are failing for a passing reason: the credential is not lost, just unusable for now.
            var retry = current.NextRefreshAt is { } next && next > clock.GetUtcNow() ? next - clock.GetUtcNow() : TimeSpan.FromSeconds(30);
            throw new ServiceException(ErrorCodes.ProviderError, "The access token expired and the provider is not refreshing it right now; retry later.")
            {
                RetryAfter = retry,
                Extensions = new Dictionary<string, object?> { ["credentialId"] = credentialId },
            };
        }

        return new UsableCredential(current, connector, TemplateValues.Combine(current.Metadata, new Dictionary<string, string>(), tokens.AccessToken)) { Tokens = tokens };
    }

    // Whether a caller's read would make the refresh call the provider (the row's expiry within the refresh window).
    private bool IsExpiring(Credential credential)
        => credential.ExpiresAt is { } expiry && expiry - RefreshSchedule.EffectiveWindow(options.Value.RefreshWindow, credential.LastRefreshedAt, expiry) <= clock.GetUtcNow();

    private static void RequireActive(Credential credential)
    {
        if (credential.Status == CredentialStatus.Invalid)
        {
            throw new ServiceException(ErrorCodes.CredentialInvalid, $"Credential {credential.CredentialId} is invalid ({credential.StatusReason}); the end user must connect again.")
            {
                Extensions = new Dictionary<string, object?> { ["credentialId"] = credential.CredentialId, ["reason"] = credential.StatusReason },
            };
        }
    }

    private async Task<OAuthTokens> ReadTokensAsync(Credential credential, CancellationToken cancellationToken)
    {
        var bundle = await bundles.ReadAsync(credential, cancellationToken) ?? await MissingSecretAsync(credential, cancellationToken);
        return bundle.Tokens ?? throw new InvalidOperationException($"The tokens of {credential.CredentialId} are missing.");
    }

    // A delete can finish between the row read and the secret read: that answers 404. A visible row without its secret would
    // break I1 and stays a 500.
    private async Task<SecretBundle> MissingSecretAsync(Credential credential, CancellationToken cancellationToken)
    {
        var now = await credentials.GetAsync(credential.CredentialId, cancellationToken);
        throw now is { Credential.IsVisible: true }
            ? new InvalidOperationException($"The secret of {credential.CredentialId} is missing.")
            : ServiceException.NotFound("credential");
    }
}
