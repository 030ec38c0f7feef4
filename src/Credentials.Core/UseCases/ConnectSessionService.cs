using System.Text.RegularExpressions;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Contracts;
using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.OAuth;
using Credentials.Core.Tenancy;
using Credentials.Core.Users;
using Credentials.Core.Validation;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>
/// Connect sessions as the tenant sees them: create one for an end user (the hosted page's link, its token shown once), poll it,
/// revoke it. Write order of a create (docs/consistency.md): the due-index entry that removes the row after its retention, then
/// the row, so no session row is ever left without its way out.
/// </summary>
public partial class ConnectSessionService(
    ConnectSessionStore sessions,
    RefreshIndexStore dueIndex,
    UserStore users,
    CredentialStore credentials,
    TenantStore tenants,
    ConnectorCatalog catalog,
    AuthConfigService authConfigs,
    ApiRoutes routes,
    IOptions<CredentialsOptions> options,
    TimeProvider clock)
{
    /// <summary>A session's lifetime when the request names none.</summary>
    public const int DefaultLifetimeMinutes = 30;

    /// <summary>The longest lifetime (24 hours).</summary>
    public const int MaxLifetimeMinutes = 24 * 60;

    /// <summary>Most connectors a request may list.</summary>
    public const int MaxConnectors = 100;

    /// <summary>Creates a session and returns its link (with the token, shown only here).</summary>
    public virtual async Task<ConnectSessionLink> CreateAsync(TenantContext tenant, CreateConnectSessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var lifetime = request.ExpiresInMinutes ?? DefaultLifetimeMinutes;
        if (lifetime is < 1 or > MaxLifetimeMinutes)
        {
            errors["expiresInMinutes"] = [$"From 1 to {MaxLifetimeMinutes} (24 hours)."];
        }

        if (request.Locale is not null && !LocaleShape().IsMatch(request.Locale))
        {
            errors["locale"] = ["A language tag such as en, de or pt-BR."];
        }

        var listed = ListedConnectors(request, errors);
        var tenantRecord = await tenants.GetTenantAsync(tenant.TenantId, cancellationToken) ?? throw ServiceException.NotFound("tenant");
        if (request.RedirectUri is { } redirectUri && (UrlRules.Check(redirectUri, options.Value.AllowInsecureLoopback) is not null
            || !RedirectUris.IsAllowed(redirectUri, tenantRecord.Tenant.AllowedRedirectUris)))
        {
            errors["redirectUri"] = [$"Must match one of the tenant's allowedRedirectUris (PUT {routes.Settings}) in scheme, host, port and path."];
        }

        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }

        var (user, _) = await UserScope.RequireAsync(users, tenant, request.UserId, allowDeleting: false, cancellationToken);
        var offers = request.ReauthorizeCredentialId is { } credentialId
            ? [await ReconnectOfferAsync(tenant, user.UserId, credentialId, cancellationToken)]
            : await OffersAsync(tenant.TenantId, listed, cancellationToken);
        var publicBase = options.Value.PublicBaseUrl ?? throw new InvalidOperationException("Credentials__PublicBaseUrl is required for connect sessions.");

        var now = clock.GetUtcNow();
        var sessionId = ResourceIds.NewConnectSession(user.UserId);
        var token = ConnectSessionToken.New(sessionId);
        var session = new ConnectSession
        {
            SessionId = sessionId,
            TenantId = tenant.TenantId,
            UserId = user.UserId,
            TokenHash = ConnectSessionToken.Hash(token),
            Offers = offers,
            ConnectorsListed = listed is not null,
            RedirectUri = request.RedirectUri,
            ReauthorizeCredentialId = request.ReauthorizeCredentialId,
            Locale = request.Locale,
            Multiple = request.Multiple && request.ReauthorizeCredentialId is null,
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(lifetime),
        };

        // The removal entry first: a crash after it leaves an entry the sweep drops, never a row that stays for good.
        await dueIndex.AddAsync(sessionId, session.RemoveAt, CancellationToken.None);
        await sessions.AddAsync(session, CancellationToken.None);
        return new ConnectSessionLink(sessionId, $"{routes.ConnectPageUrl(publicBase, sessionId)}#token={token}", session.ExpiresAt);
    }

    /// <summary>The tenant's session with its status; a session of a deleted user is expired.</summary>
    public virtual async Task<ConnectSessionView> GetAsync(TenantContext tenant, string sessionId, CancellationToken cancellationToken = default)
    {
        var (session, _) = await ConnectSessionScope.RequireAsync(sessions, tenant, sessionId, cancellationToken);
        var userExists = await ConnectSessionScope.UserExistsAsync(users, session, cancellationToken);
        return session.ToView(session.StatusAt(clock.GetUtcNow(), userExists));
    }

    /// <summary>
    /// Revokes a session: the row goes first (from then on its token answers 401 and a flow it started fails on return), then its
    /// removal entry. What it connected stays.
    /// </summary>
    public virtual async Task RevokeAsync(TenantContext tenant, string sessionId, CancellationToken cancellationToken = default)
    {
        var (session, _) = await ConnectSessionScope.RequireAsync(sessions, tenant, sessionId, cancellationToken);
        await sessions.DeleteAsync(session.SessionId, CancellationToken.None);
        await dueIndex.RemoveAsync(session.SessionId, session.RemoveAt, CancellationToken.None);
    }

    private List<ConnectorDefinition>? ListedConnectors(CreateConnectSessionRequest request, Dictionary<string, string[]> errors)
    {
        if (request.Connectors is not { } ids)
        {
            return null;
        }

        if (request.ReauthorizeCredentialId is not null)
        {
            errors["connectors"] = ["Leave connectors out when reauthorizeCredentialId names the credential to reconnect."];
            return null;
        }

        if (ids.Count is 0 or > MaxConnectors)
        {
            errors["connectors"] = [$"From 1 to {MaxConnectors} connector ids, or leave it out to offer every available connector."];
            return null;
        }

        var listed = new List<ConnectorDefinition>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (catalog.Find(ids[i]) is not { } connector)
            {
                errors[$"connectors[{i}]"] = [$"Unknown connector; GET {routes.Connectors} lists them."];
            }
            else if (!listed.Contains(connector))
            {
                listed.Add(connector);
            }
        }

        return listed;
    }

    // Each connector with the types usable now: oauth2 only with an OAuth app. A listed connector with none is an error; an
    // unlisted one (the default "every available connector") is left out.
    private async Task<IReadOnlyList<ConnectorOffer>> OffersAsync(string tenantId, List<ConnectorDefinition>? listed, CancellationToken cancellationToken)
    {
        var candidates = listed ?? [.. catalog.All];
        var configured = await Task.WhenAll(candidates.Select(c => c.OAuth2 is null ? Task.FromResult(false) : authConfigs.IsConfiguredAsync(tenantId, c.Id, cancellationToken)));
        var offers = new List<ConnectorOffer>();
        var unusable = new List<string>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var types = candidates[i].AuthenticationTypes.Where(t => t != AuthenticationTypes.OAuth2 || configured[i]).ToList();
            if (types.Count > 0)
            {
                offers.Add(new ConnectorOffer(candidates[i].Id, types));
            }
            else if (listed is not null)
            {
                unusable.Add(candidates[i].Id);
            }
        }

        if (unusable.Count > 0)
        {
            throw ServiceException.Invalid("connectors", $"These connectors need an OAuth app first (PUT {routes.Path("connectors/{connectorId}/auth-config")}): {string.Join(", ", unusable)}.");
        }

        return offers.Count > 0 ? offers : throw ServiceException.Invalid("connectors", "No connector is available: configure an OAuth app or list connectors that need none.");
    }

    private async Task<ConnectorOffer> ReconnectOfferAsync(TenantContext tenant, string userId, string credentialId, CancellationToken cancellationToken)
    {
        if (!ResourceIds.IsWellFormed(credentialId, ResourceIds.Credential))
        {
            throw ServiceException.Invalid("reauthorizeCredentialId", "Not a credential id.");
        }

        var (credential, _) = await CredentialScope.RequireCredentialAsync(credentials, tenant, credentialId, cancellationToken);
        if (!string.Equals(credential.UserId, userId, StringComparison.Ordinal))
        {
            throw ServiceException.Invalid("reauthorizeCredentialId", "The credential belongs to another user.");
        }

        if (credential.AuthenticationType != AuthenticationTypes.OAuth2 || catalog.Find(credential.ConnectorId)?.OAuth2 is null)
        {
            throw ServiceException.Invalid("reauthorizeCredentialId", "Only OAuth 2.0 credentials can be reconnected.");
        }

        return await authConfigs.IsConfiguredAsync(tenant.TenantId, credential.ConnectorId, cancellationToken)
            ? new ConnectorOffer(credential.ConnectorId, [AuthenticationTypes.OAuth2])
            : throw new ServiceException(ErrorCodes.AuthConfigRequired, $"No OAuth app is configured for '{credential.ConnectorId}': PUT {routes.AuthConfig(credential.ConnectorId)} first.");
    }

    [GeneratedRegex(@"\A[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex LocaleShape();
}
