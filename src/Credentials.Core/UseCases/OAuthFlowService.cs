using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Credentials.Core.Configuration;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Connectors;
using Credentials.Core.Contracts;
using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.OAuth;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Credentials.Core.Users;
using Credentials.Core.Validation;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>Starts OAuth flows (new credentials and reauthorization) and imports tokens a tenant already holds.</summary>
public class OAuthFlowService(
    ConnectorCatalog catalog,
    TenantStore tenants,
    CredentialStore credentials,
    CredentialWriter changes,
    AuthConfigService authConfigs,
    OAuthStateStore states,
    ApiRoutes routes,
    IOptions<CredentialsOptions> options,
    TimeProvider clock)
{
    /// <summary>How long an authorization link stays valid.</summary>
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts the OAuth flow of a resolved create request; the callback stores the credential. A user already at their quota of
    /// credentials is refused here (409), before they go through the provider's consent for nothing; the callback counts again.
    /// </summary>
    public virtual async Task<AuthorizationLink> StartAsync(TenantContext tenant, NewCredentialInput input, string redirectUri, IReadOnlyList<string>? scopes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(input);
        RequireOAuth(input.Connector);
        await changes.RequireRoomAsync(tenant.TenantId, input.UserId, cancellationToken);
        return await StartFlowAsync(tenant, input.Connector, input.UserId, redirectUri, scopes is null ? null : [.. scopes], new Dictionary<string, string>(input.PlainFields, StringComparer.Ordinal), input.Name, credentialId: null, connectSessionId: null, cancellationToken);
    }

    /// <summary>
    /// Starts the OAuth flow of a resolved create request from a connect session's page: the flow returns to the page (not to a
    /// tenant URI), and the callback records the credential on the session.
    /// </summary>
    public virtual async Task<AuthorizationLink> StartForSessionAsync(TenantContext tenant, NewCredentialInput input, ConnectSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        RequireOAuth(input.Connector);
        await changes.RequireRoomAsync(tenant.TenantId, input.UserId, cancellationToken);
        return await StartFlowAsync(tenant, input.Connector, input.UserId, ConnectPageUrl(session), null, new Dictionary<string, string>(input.PlainFields, StringComparer.Ordinal), input.Name, credentialId: null, session.SessionId, cancellationToken);
    }

    /// <summary>A connect session's reconnect of its credential: like <see cref="ReauthorizeAsync"/>, returning to the session's page.</summary>
    public virtual Task<AuthorizationLink> ReauthorizeForSessionAsync(TenantContext tenant, ConnectSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return ReauthorizeFlowAsync(tenant, session.ReauthorizeCredentialId!, ConnectPageUrl(session), session.SessionId, cancellationToken);
    }

    /// <summary>A new authorization URL whose callback repairs this credential in place (same id).</summary>
    public virtual Task<AuthorizationLink> ReauthorizeAsync(TenantContext tenant, string credentialId, string? redirectUri, CancellationToken cancellationToken = default)
        => ReauthorizeFlowAsync(tenant, credentialId, redirectUri, connectSessionId: null, cancellationToken);

    private async Task<AuthorizationLink> ReauthorizeFlowAsync(TenantContext tenant, string credentialId, string? redirectUri, string? connectSessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var (credential, _) = await CredentialScope.RequireCredentialAsync(credentials, tenant, credentialId, cancellationToken);
        var connector = catalog.Find(credential.ConnectorId);
        if (connector?.OAuth2 is null || credential.AuthenticationType != AuthenticationTypes.OAuth2)
        {
            throw ServiceException.Invalid("credentialId", "Only OAuth 2.0 credentials can be reauthorized.");
        }

        var fields = connector.FieldsFor(AuthenticationTypes.OAuth2)
            .Where(f => credential.Metadata.ContainsKey(f.Name))
            .ToDictionary(f => f.Name, f => credential.Metadata[f.Name], StringComparer.Ordinal);
        return await StartFlowAsync(tenant, connector, credential.UserId, redirectUri, credential.Scopes.Count > 0 ? [.. credential.Scopes] : null, fields, credential.Name, credential.CredentialId, connectSessionId, cancellationToken);
    }

    private async Task<AuthorizationLink> StartFlowAsync(
        TenantContext tenant, ConnectorDefinition connector, string userId, string? redirectUri, List<string>? scopes,
        Dictionary<string, string> fields, string? name, string? credentialId, string? connectSessionId, CancellationToken cancellationToken)
    {
        var settings = connector.OAuth2!;

        // Only a connect session's flow returns to the service's own page (its URI is built here, never taken from a request);
        // every other flow goes back to one of the tenant's URIs, and never to that page even if the tenant listed it.
        if (connectSessionId is null)
        {
            var tenantRecord = await tenants.GetTenantAsync(tenant.TenantId, cancellationToken) ?? throw ServiceException.NotFound("tenant");
            if (string.IsNullOrEmpty(redirectUri) || UrlRules.Check(redirectUri, options.Value.AllowInsecureLoopback) is not null
                || !RedirectUris.IsAllowed(redirectUri, tenantRecord.Tenant.AllowedRedirectUris)
                || (options.Value.PublicBaseUrl is { } ownBase && RedirectUris.IsAllowed(redirectUri, [ownBase.AbsoluteUri.TrimEnd('/') + routes.ConnectPage])))
            {
                throw ServiceException.Invalid("redirectUri", $"The redirect URI must match one of the tenant's allowedRedirectUris (PUT {routes.Settings}) in scheme, host, port and path.");
            }
        }

        var config = await authConfigs.ResolveForNewFlowAsync(tenant.TenantId, connector.Id, cancellationToken)
            ?? throw new ServiceException(ErrorCodes.AuthConfigRequired, $"No OAuth app is configured for '{connector.Id}': PUT {routes.AuthConfig(connector.Id)} first.");
        var publicBase = options.Value.PublicBaseUrl ?? throw new InvalidOperationException("Credentials__PublicBaseUrl is required for OAuth flows.");

        string authorizationUrl;
        try
        {
            authorizationUrl = UrlTemplate.Expand(settings.AuthorizationUrl, fields);
        }
        catch (TemplateValueMissingException e)
        {
            throw ServiceException.Invalid($"data.{e.Name}", "Required to reach this provider.");
        }

        var now = clock.GetUtcNow();
        var state = new OAuthState
        {
            State = OAuthStateStore.NewState(now + StateLifetime),
            TenantId = tenant.TenantId,
            UserId = userId,
            ConnectorId = connector.Id,
            RedirectUri = redirectUri!,
            CodeVerifier = settings.Pkce ? OAuthStateStore.NewCodeVerifier() : null,
            // A request's scopes add to the base set (the OAuth app's scopes, else the connector's defaults), which a provider
            // may need for the grant itself (offline_access, oauth): naming one more scope must not drop those.
            Scopes = [.. (config.Scopes ?? settings.DefaultScopes).Concat(scopes ?? []).Distinct(StringComparer.Ordinal)],
            Fields = fields,
            Name = name,
            AuthConfigId = config.AuthConfigId,
            AuthConfigVersion = config.Version,
            CredentialId = credentialId,
            ConnectSessionId = connectSessionId,
            ExpiresAt = now + StateLifetime,
        };
        await states.SaveAsync(state, cancellationToken);

        var extra = new Parameters(settings.AuthorizeParams.Select(p => new KeyValuePair<string, string>(p.Key, UrlTemplate.Expand(p.Value, fields))));
        var url = new RequestUrl(authorizationUrl).CreateAuthorizeUrl(
            clientId: config.ClientId,
            responseType: "code",
            scope: state.Scopes.Count > 0 ? string.Join(settings.ScopeSeparator, state.Scopes) : null,
            redirectUri: routes.CallbackUrl(publicBase, connector.Id),
            state: state.State,
            codeChallenge: state.CodeVerifier is null ? null : S256(state.CodeVerifier),
            codeChallengeMethod: state.CodeVerifier is null ? null : "S256",
            extra: extra);
        return new AuthorizationLink(url, state.ExpiresAt);
    }

    /// <summary>Stores tokens the tenant already holds (a resolved oauth2 create request without a redirect URI).</summary>
    public virtual async Task<Credential> ImportAsync(TenantContext tenant, NewCredentialInput input, JsonElement data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(input);
        var connector = input.Connector;
        var settings = RequireOAuth(connector);
        string? Text(string property) => data.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var scopes = data.TryGetProperty("scopes", out var s) ? s.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
        var expiresAt = Text("expiresAt") is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        var config = await authConfigs.ResolveForNewFlowAsync(tenant.TenantId, connector.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var refreshToken = Text("refreshToken");
        var next = refreshToken is null ? null : Refresh.RefreshSchedule.NextRefreshAt(settings, expiresAt, now, options.Value.RefreshWindow);
        var credential = new Credential
        {
            CredentialId = ResourceIds.NewCredential(input.UserId),
            TenantId = tenant.TenantId,
            UserId = input.UserId,
            ConnectorId = connector.Id,
            AuthenticationType = AuthenticationTypes.OAuth2,
            Name = input.Name,
            Metadata = new Dictionary<string, string>(input.PlainFields, StringComparer.Ordinal),
            NextRefreshAt = next,
            Scopes = scopes,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = expiresAt,
            AuthConfigId = config?.AuthConfigId,
            AuthConfigVersion = config?.Version,
        };
        var bundle = new SecretBundle
        {
            Tokens = new OAuthTokens { AccessToken = Text("accessToken")!, RefreshToken = refreshToken, ExpiresAt = expiresAt, Scopes = scopes },
        };

        await changes.StoreNewAsync(credential, bundle, input.UserETag);
        return credential;
    }

    private string ConnectPageUrl(ConnectSession session)
        => routes.ConnectPageUrl(options.Value.PublicBaseUrl ?? throw new InvalidOperationException("Credentials__PublicBaseUrl is required for connect sessions."), session.SessionId);

    private static OAuth2Settings RequireOAuth(ConnectorDefinition connector)
        => connector.OAuth2 ?? throw ServiceException.Invalid("authenticationType", "Not an OAuth 2.0 connector.");

    private static string S256(string verifier)
        => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
