using System.Text.Json;
using Credentials.Core.Connectors;
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
    CredentialChanges changes,
    CredentialReaper reaper,
    UserStore users,
    ConnectorCatalog catalog,
    CredentialInputValidator validator,
    OAuthFlowService oauthFlows,
    TimeProvider clock,
    Proxy.CredentialVerifier verifier)
{
    private const int MarkAttempts = 5;

    /// <summary>
    /// Creates a credential from a request body: oauth2 bodies start a flow (or import tokens), every other type is stored
    /// from its fields.
    /// </summary>
    public virtual async Task<(Credential? Created, OAuth.OAuthStart? Start)> CreateAsync(TenantContext tenant, JsonElement body, CancellationToken cancellationToken = default)
    {
        var (_, authenticationType) = CreateRequest.ResolveConnector(catalog, body);
        if (authenticationType == AuthenticationTypes.OAuth2)
        {
            var (start, imported) = await oauthFlows.CreateAsync(tenant, body, cancellationToken);
            return (imported, start);
        }

        return (await CreateFromFieldsAsync(tenant, body, cancellationToken), null);
    }

    /// <summary>
    /// Creates an apiKey, basic or custom credential from a request body after validating it against the connector's input
    /// schema and verifying it with the provider; stored through <see cref="CredentialChanges.StoreNewAsync"/>.
    /// </summary>
    public virtual async Task<Credential> CreateFromFieldsAsync(TenantContext tenant, JsonElement body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var (connector, authenticationType) = CreateRequest.ResolveConnector(catalog, body);
        if (authenticationType == AuthenticationTypes.OAuth2)
        {
            throw ServiceException.Invalid("authenticationType", "OAuth 2.0 credentials are created through the OAuth flow.");
        }

        var errors = validator.Validate(connector, authenticationType, body);
        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }

        var (user, userETag) = await CreateRequest.RequireUserAsync(users, tenant, body.GetProperty("userId").GetString()!, cancellationToken);
        var (secretFields, metadata) = CreateRequest.SplitFields(connector, authenticationType, body.GetProperty("data"));

        var now = clock.GetUtcNow();
        var credential = new Credential
        {
            CredentialId = ResourceIds.NewCredential(user.UserId),
            TenantId = tenant.TenantId,
            UserId = user.UserId,
            ConnectorId = connector.Id,
            AuthenticationType = authenticationType,
            Name = body.TryGetProperty("name", out var name) ? name.GetString() : null,
            Metadata = metadata,
            CreatedAt = now,
            UpdatedAt = now,
        };

        // Verification may take seconds; a user deleted meanwhile is caught by the head row's If-Match in the store.
        await verifier.VerifyNewAsync(connector, authenticationType, Refresh.CredentialValues.Combine(metadata, secretFields), cancellationToken);
        await changes.StoreNewAsync(credential, new SecretBundle { Fields = secretFields }, userETag);
        return credential;
    }

    /// <summary>The tenant's credential, or not_found (also for another tenant's id).</summary>
    public virtual async Task<Credential> GetAsync(TenantContext tenant, string credentialId, CancellationToken cancellationToken = default)
        => (await TenantScope.RequireCredentialAsync(credentials, tenant, credentialId, cancellationToken)).Credential;

    /// <summary>
    /// Deletes the credential. The mark (status deleting, with <c>credential.deleted</c>) is the point of no return: from then on
    /// the credential answers 404 everywhere, and of concurrent deletes exactly one wins it (I7). The rest (revocation, secret,
    /// row) runs now unless a refresh holds the lease, in which case the repair does it once that refresh can no longer write.
    /// </summary>
    public virtual async Task<OAuth.RevocationOutcome> DeleteAsync(TenantContext tenant, string credentialId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MarkAttempts; attempt++)
        {
            var (credential, etag) = await TenantScope.RequireCredentialAsync(credentials, tenant, credentialId, cancellationToken);
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
        await CreateRequest.RequireUserAsync(users, tenant, userId, cancellationToken);
        var (rows, next) = await credentials.ListByUserAsync(userId, page.Limit, page.StorageToken, cancellationToken);
        var items = rows.Select(r => r.Credential).Where(c => c.IsVisible && string.Equals(c.TenantId, tenant.TenantId, StringComparison.Ordinal)).ToList();
        return new Page<Credential>(items, PageRequest.Wrap(next));
    }
}
