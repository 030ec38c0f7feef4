using System.Text.Json;
using Credentials.Core.Configuration;
using Credentials.Core.ConnectSessions;
using Credentials.Core.Connectors;
using Credentials.Core.Contracts;
using Credentials.Core.Credentials;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Paging;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Credentials.Core.Users;

namespace Credentials.Core.UseCases;

/// <summary>Rules for storing, reading, listing and deleting credentials of a tenant's users.</summary>
public class CredentialService(
    CredentialStore credentials,
    CredentialWriter changes,
    CredentialReaper reaper,
    UserStore users,
    ConnectorCatalog catalog,
    CreateBodyValidator validator,
    OAuthFlowService oauthFlows,
    ApiRoutes routes,
    TimeProvider clock,
    ProviderVerifier verifier)
{
    private const int MarkAttempts = 5;

    /// <summary>
    /// The one create path (<c>POST /credentials</c>): the connector and type are resolved, the body checked against the
    /// connector's input schema and the owner found, once each; then oauth2 requests start a flow (or import tokens) and every
    /// other type is verified with the provider and stored.
    /// </summary>
    public virtual Task<CreateCredentialResult> CreateAsync(TenantContext tenant, CreateCredentialRequest request, CancellationToken cancellationToken = default)
        => CreateAsync(tenant, request, session: null, cancellationToken);

    /// <summary>
    /// The same create path for a connect session's page (<paramref name="session"/> set): an oauth2 request starts a flow that
    /// returns to the page, and a stored credential is recorded on the session in its own transaction (I11).
    /// </summary>
    public virtual async Task<CreateCredentialResult> CreateAsync(TenantContext tenant, CreateCredentialRequest request, ConnectSessionClaim? session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(request);
        var input = await ResolveAsync(tenant, request, cancellationToken);
        if (input.AuthenticationType == AuthenticationTypes.OAuth2)
        {
            return session is not null ? CreateCredentialResult.Started(await oauthFlows.StartForSessionAsync(tenant, input, session.Session, cancellationToken))
                : request.StartsFlow ? CreateCredentialResult.Started(await oauthFlows.StartAsync(tenant, input, request.RedirectUri!, request.Scopes, cancellationToken))
                : CreateCredentialResult.Created(await oauthFlows.ImportAsync(tenant, input, request.Data, cancellationToken));
        }

        var now = clock.GetUtcNow();
        var credential = new Credential
        {
            CredentialId = ResourceIds.NewCredential(input.UserId),
            TenantId = tenant.TenantId,
            UserId = input.UserId,
            ConnectorId = input.Connector.Id,
            AuthenticationType = input.AuthenticationType,
            Name = input.Name,
            Metadata = new Dictionary<string, string>(input.PlainFields, StringComparer.Ordinal),
            CreatedAt = now,
            UpdatedAt = now,
            ConnectSessionId = session?.Session.SessionId,
        };

        // Verification may take seconds; a user deleted meanwhile is caught by the head row's If-Match in the store.
        await verifier.VerifyNewAsync(input.Connector, input.AuthenticationType, TemplateValues.Combine(input.PlainFields, input.SecretFields), cancellationToken);
        await changes.StoreNewAsync(credential, new SecretBundle { Fields = new Dictionary<string, string>(input.SecretFields, StringComparer.Ordinal) }, input.UserETag, session);
        return CreateCredentialResult.Created(credential);
    }

    private async Task<NewCredentialInput> ResolveAsync(TenantContext tenant, CreateCredentialRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var connector = request.ConnectorId is null ? null : catalog.Find(request.ConnectorId);
        if (connector is null)
        {
            errors["connectorId"] = [request.ConnectorId is null
                ? "connectorId is required and must be a string."
                : $"Unknown connector; GET {routes.Connectors} lists them."];
        }

        if (request.AuthenticationType is null)
        {
            errors["authenticationType"] = ["authenticationType is required and must be a string."];
        }
        else if (connector is not null && !connector.AuthenticationTypes.Contains(request.AuthenticationType))
        {
            errors["authenticationType"] = [$"The connector supports: {string.Join(", ", connector.AuthenticationTypes)}."];
        }

        if (errors.Count == 0 && validator.Validate(connector!, request.AuthenticationType!, request.Body) is { Count: > 0 } schemaErrors)
        {
            errors = new Dictionary<string, string[]>(schemaErrors);
        }

        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }

        var (user, userETag) = await UserScope.RequireAsync(users, tenant, request.UserId, allowDeleting: false, cancellationToken);
        var secret = new Dictionary<string, string>(StringComparer.Ordinal);
        var plain = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Data.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in connector!.FieldsFor(request.AuthenticationType!))
            {
                if (request.Data.TryGetProperty(field.Name, out var value))
                {
                    (field.Secret ? secret : plain)[field.Name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                }
            }
        }

        return new NewCredentialInput(connector!, request.AuthenticationType!, user.UserId, userETag, request.Name, secret, plain);
    }

    /// <summary>The tenant's credential, or not_found (also for another tenant's id).</summary>
    public virtual async Task<Credential> GetAsync(TenantContext tenant, string credentialId, CancellationToken cancellationToken = default)
        => (await CredentialScope.RequireCredentialAsync(credentials, tenant, credentialId, cancellationToken)).Credential;

    /// <summary>
    /// Deletes the credential. The mark (status deleting, with <c>credential.deleted</c>) is the point of no return: from then on
    /// the credential answers 404 everywhere, and of concurrent deletes exactly one wins it (I7). The rest (revocation, secret,
    /// row) runs now unless a refresh holds the lease, in which case the repair does it once that refresh can no longer write.
    /// </summary>
    public virtual async Task<OAuth.RevocationOutcome> DeleteAsync(TenantContext tenant, string credentialId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MarkAttempts; attempt++)
        {
            var (credential, etag) = await CredentialScope.RequireCredentialAsync(credentials, tenant, credentialId, cancellationToken);
            var mark = changes.MarkedForDeletion(credential);
            if (await changes.MarkDeletingAsync(mark, etag, reaper.RepairAt(mark), credential) is not { } marked)
            {
                continue;
            }

            // A refresh holding the lease may still write tokens: the repair revokes and removes them once it no longer can.
            return reaper.ReapBlockedUntil(marked.Marked) is not null ? OAuth.RevocationOutcome.Pending : await reaper.ReapAsync(marked.Marked, marked.ETag);
        }

        throw ServiceException.Conflict("The credential kept changing while it was being deleted; try again.");
    }

    /// <summary>One page of a user's credentials: one query in the user's partition.</summary>
    public virtual async Task<Page<Credential>> ListForUserAsync(TenantContext tenant, string userId, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await UserScope.RequireAsync(users, tenant, userId, allowDeleting: false, cancellationToken);
        var (rows, next) = await credentials.ListByUserAsync(userId, page.Limit, page.StorageToken, cancellationToken);
        var items = rows.Select(r => r.Credential).Where(c => c.IsVisible && string.Equals(c.TenantId, tenant.TenantId, StringComparison.Ordinal)).ToList();
        return new Page<Credential>(items, PageRequest.Wrap(next));
    }
}
