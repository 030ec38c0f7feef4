using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Credentials.Core.Audit;
using Credentials.Core.Configuration;
using Credentials.Core.Connectors;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;
using Credentials.Core.Limits;
using Credentials.Core.OAuth;
using Credentials.Core.Tenancy;
using Credentials.Core.Users;
using Credentials.Core.Validation;
using Microsoft.Extensions.Options;

namespace Credentials.Core.UseCases;

/// <summary>
/// What a connect session's token may do, and nothing more: read the session as the page shows it (the offered connectors, the
/// tenant's name, its own results) and create a credential for the session's user on an offered connector (or start its OAuth
/// flow), at most <see cref="ConnectAttemptLimiter.PermitsPerWindow"/> attempts a minute.
/// </summary>
public class ConnectPageService(
    ConnectSessionAuthenticator authenticator,
    ConnectSessionStore sessions,
    ConnectAttemptLimiter limiter,
    UserStore users,
    TenantStore tenants,
    ConnectorCatalog catalog,
    CredentialService credentials,
    OAuthFlowService oauthFlows,
    ApiRoutes routes,
    AuditTrail audit,
    IOptions<CredentialsOptions> options,
    TimeProvider clock)
{
    // Failures worth showing the tenant as the session's lastError (an input mistake the user fixed is not).
    private static readonly HashSet<string> RecordedErrors = new(StringComparer.Ordinal)
    {
        ErrorCodes.VerificationFailed, ErrorCodes.ProviderError, ErrorCodes.AuthConfigRequired,
    };

    /// <summary>The session of the page's token (401 for a missing, malformed, unknown or revoked one).</summary>
    public virtual Task<(ConnectSession Session, ETag ETag)> AuthenticateAsync(string? token, CancellationToken cancellationToken = default)
        => authenticator.AuthenticateAsync(token, cancellationToken);

    /// <summary>
    /// The framing and language of the page for the session id in its URL (no secret: the id alone grants nothing). An unknown
    /// or malformed id gets no framing and English.
    /// </summary>
    public virtual async Task<ConnectPageContext> PageContextAsync(string? sessionId, CancellationToken cancellationToken = default)
    {
        if (await sessions.GetAsync(sessionId, cancellationToken) is not { } found)
        {
            return new ConnectPageContext([], null);
        }

        var tenant = await tenants.GetTenantAsync(found.Session.TenantId, cancellationToken);
        return new ConnectPageContext(tenant?.Tenant.AllowedFrameOrigins ?? [], found.Session.Locale);
    }

    /// <summary>A result as the page shows it: where the browser goes for it (the redirect URI with <c>credentialId</c> and <c>connectorId</c>), if anywhere.</summary>
    public static ConnectPageResult ResultView(ConnectSession session, string credentialId, string connectorId)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new ConnectPageResult(
            credentialId,
            connectorId,
            session.RedirectUri is { } uri ? RedirectUris.WithQuery(uri, [new("credentialId", credentialId), new("connectorId", connectorId)]) : null);
    }

    /// <summary>The session as the page shows it.</summary>
    public virtual async Task<ConnectPageView> ViewAsync(ConnectSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var tenant = (await tenants.GetTenantAsync(session.TenantId, cancellationToken))?.Tenant ?? throw ConnectSessionAuthenticator.Unauthorized();
        var userExists = await ConnectSessionScope.UserExistsAsync(users, session, cancellationToken);
        var now = clock.GetUtcNow();
        var connectors = session.Offers
            .Select(o => (Offer: o, Connector: catalog.Find(o.ConnectorId)))
            .Where(c => c.Connector is not null)
            .Select(c => new ConnectPageConnector(
                c.Connector!.Id,
                c.Connector.Name,
                c.Connector.Description,
                [.. c.Offer.AuthenticationTypes.Select(t => new ConnectPageMethod(t, InputSchemaBuilder.Build(c.Connector, t)))]))
            .ToList();
        if (!session.ConnectorsListed)
        {
            // The tenant's own list keeps its order; the whole catalogue reads best by name.
            connectors = [.. connectors.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
        }

        var results = session.Results.Select(r => ResultView(session, r.CredentialId, r.ConnectorId)).ToList();
        return new ConnectPageView(
            session.SessionId,
            JsonNamingPolicy.CamelCase.ConvertName(session.StatusAt(now, userExists).ToString()),
            userExists && session.AcceptsCredential(now),
            tenant.DisplayName ?? tenant.Name,
            tenant.AccentColor,
            session.ExpiresAt,
            session.Multiple,
            connectors,
            session.ReauthorizeCredentialId is null ? null : session.Offers[0].ConnectorId,
            results,
            session.RedirectUri is { } redirect ? OriginOf(redirect) : null,
            session.LastError);
    }

    /// <summary>
    /// Creates a credential for the session's user from the page's form (201), or starts the OAuth flow that returns to the page
    /// (200 with the link). The same create path as <c>POST /credentials</c>, conditioned on the session (I11).
    /// </summary>
    public virtual async Task<CreateCredentialResult> CreateAsync(ConnectSession session, ETag etag, ConnectCredentialRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);

        // Every use of a session's token to create is on the tenant's record, refused ones included (a phished link shows up there).
        var entry = AuditEntry.By(AuditActors.EndUser, session.TenantId, AuditActs.ConnectSessionUse) with { UserId = session.UserId, ConnectorId = request.ConnectorId };
        try
        {
            var result = await AttemptAsync(session, etag, request, cancellationToken);
            audit.Record(entry with { CredentialId = result.Stored?.CredentialId, Outcome = result.Stored is null ? "flow_started" : "created" });
            return result;
        }
        catch (ServiceException e)
        {
            audit.Record(entry with { Outcome = e.Code });
            throw;
        }
    }

    private async Task<CreateCredentialResult> AttemptAsync(ConnectSession session, ETag etag, ConnectCredentialRequest request, CancellationToken cancellationToken)
    {
        if (limiter.TryAcquire(session.SessionId) is { } wait)
        {
            throw LimitProblems.RateLimited("connect-attempts", wait, "Too many attempts with this link; wait a minute and try again.");
        }

        var now = clock.GetUtcNow();
        var userExists = await ConnectSessionScope.UserExistsAsync(users, session, cancellationToken);
        if (!userExists || !session.AcceptsCredential(now))
        {
            throw ConnectSession.Refusal(userExists ? session : null, now);
        }

        var offer = session.OfferFor(request.ConnectorId) ?? throw ServiceException.Invalid("connectorId", "This link does not offer that connector.");
        if (request.AuthenticationType is not { } type || !offer.AuthenticationTypes.Contains(type))
        {
            throw ServiceException.Invalid("authenticationType", $"This link offers: {string.Join(", ", offer.AuthenticationTypes)}.");
        }

        // The session acts for its tenant; the "key" it authenticated with is the session itself.
        var tenant = new TenantContext(session.TenantId, session.SessionId);
        if (session.ReauthorizeCredentialId is not null)
        {
            return CreateCredentialResult.Started(await oauthFlows.ReauthorizeForSessionAsync(tenant, session, cancellationToken));
        }

        try
        {
            return await credentials.CreateAsync(tenant, CreateCredentialRequest.Read(CreateBody(session, request, type)), new ConnectSessionClaim(session, etag), cancellationToken);
        }
        catch (ServiceException e) when (RecordedErrors.Contains(e.Code))
        {
            await sessions.RecordErrorAsync(session.SessionId, e.Code, now, CancellationToken.None);
            throw;
        }
    }

    // As browsers write it (postMessage compares it exactly); the redirect URI was checked when the session was created.
    private static string? OriginOf(string redirectUri)
        => UrlRules.CheckOrigin(new Uri(redirectUri).GetLeftPart(UriPartial.Authority), allowInsecureLoopback: true).Origin;

    // The body POST /credentials would receive: the session's user, and for oauth2 the page as the place the flow returns to
    // (so the connector's schema validates it as a flow, never as a token import).
    private JsonElement CreateBody(ConnectSession session, ConnectCredentialRequest request, string type)
    {
        var body = new JsonObject
        {
            ["userId"] = session.UserId,
            ["connectorId"] = request.ConnectorId,
            ["authenticationType"] = type,
        };
        if (request.Name is not null)
        {
            body["name"] = request.Name;
        }

        if (request.Data is { } data)
        {
            body["data"] = JsonNode.Parse(data.GetRawText());
        }

        if (type == AuthenticationTypes.OAuth2)
        {
            var publicBase = options.Value.PublicBaseUrl ?? throw new InvalidOperationException("Credentials__PublicBaseUrl is required for connect sessions.");
            body["redirectUri"] = routes.ConnectPageUrl(publicBase, session.SessionId);
        }

        return JsonSerializer.SerializeToElement(body);
    }
}
