using System.Text.Json;
using Credentials.Core.Connectors;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Paging;
using Credentials.Core.Secrets;
using Credentials.Core.Tenancy;
using Credentials.Core.Users;

namespace Credentials.Core.Credentials;

/// <summary>Rules for storing, reading, listing and deleting credentials of a tenant's users.</summary>
public class CredentialService(
    CredentialStore credentials,
    CredentialChanges changes,
    UserStore users,
    ISecretStore secrets,
    ConnectorCatalog catalog,
    CredentialInputValidator validator,
    OAuth.OAuthFlowService oauthFlows,
    TimeProvider clock,
    Proxy.CredentialVerifier verifier,
    OAuth.TokenRevoker revoker)
{
    /// <summary>
    /// Creates a credential from a request body: oauth2 bodies start a flow (or import tokens), every other type is stored
    /// from its fields.
    /// </summary>
    public virtual async Task<(Credential? Created, OAuth.OAuthStart? Start)> CreateAsync(TenantContext tenant, JsonElement body, CancellationToken cancellationToken = default)
    {
        var (_, authenticationType) = CreateRequest.ResolveConnector(catalog, body);
        if (authenticationType == AuthenticationTypes.OAuth2)
        {
            var (start, imported) = await oauthFlows.CreateAsync(tenant, body, cancellationToken).ConfigureAwait(false);
            return (imported, start);
        }

        return (await CreateFromFieldsAsync(tenant, body, cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>
    /// Creates an apiKey, basic or custom credential from a request body after validating it against the connector's input
    /// schema. Order of writes: secret, credential row, user index row, so every listed credential has its secret.
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

        var userId = body.GetProperty("userId").GetString()!;
        await CreateRequest.RequireUserAsync(users, tenant, userId, cancellationToken).ConfigureAwait(false);

        var (secretFields, metadata) = CreateRequest.SplitFields(connector, authenticationType, body.GetProperty("data"));

        var now = clock.GetUtcNow();
        var credential = new Credential
        {
            CredentialId = ResourceIds.New(ResourceIds.Credential),
            TenantId = tenant.TenantId,
            UserId = userId,
            ConnectorId = connector.Id,
            AuthenticationType = authenticationType,
            Name = body.TryGetProperty("name", out var name) ? name.GetString() : null,
            Metadata = metadata,
            CreatedAt = now,
            UpdatedAt = now,
        };

        await verifier.VerifyNewAsync(connector, authenticationType, Refresh.CredentialValues.Combine(metadata, secretFields), cancellationToken).ConfigureAwait(false);

        // The secret goes first and is not cancelled halfway: a credential row must never exist without its secret.
        await changes.StoreNewAsync(credential, new SecretBundle { Fields = secretFields }).ConfigureAwait(false);
        return credential;
    }

    /// <summary>The tenant's credential, or not_found (also for another tenant's id).</summary>
    public virtual async Task<Credential> GetAsync(TenantContext tenant, string credentialId, CancellationToken cancellationToken = default)
        => (await GetWithETagAsync(tenant, credentialId, cancellationToken).ConfigureAwait(false)).Credential;

    /// <summary>
    /// Deletes the credential: revokes its grant at the provider where the connector supports it (best effort: a failure does not
    /// stop the delete), then the secret (so nothing secret outlives a delete), the row and the index entry.
    /// </summary>
    public virtual async Task<OAuth.RevocationOutcome> DeleteAsync(TenantContext tenant, string credentialId, CancellationToken cancellationToken = default)
    {
        var (credential, etag) = await GetWithETagAsync(tenant, credentialId, cancellationToken).ConfigureAwait(false);
        var revocation = await revoker.RevokeAsync(credential, cancellationToken).ConfigureAwait(false);
        await DeleteStoredAsync(credential, etag).ConfigureAwait(false);
        return revocation;
    }

    /// <summary>One page of a user's credentials.</summary>
    public virtual async Task<Page<Credential>> ListForUserAsync(TenantContext tenant, string userId, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await CreateRequest.RequireUserAsync(users, tenant, userId, cancellationToken).ConfigureAwait(false);
        var (ids, next) = await users.ListCredentialIdsAsync(userId, page.Limit, page.StorageToken, cancellationToken).ConfigureAwait(false);
        var found = await Task.WhenAll(ids.Select(id => credentials.GetAsync(id, cancellationToken))).ConfigureAwait(false);

        // An index row whose credential is gone (a delete interrupted after the row) is skipped, not shown.
        var items = found
            .Where(f => f is { } hit && string.Equals(hit.Credential.TenantId, tenant.TenantId, StringComparison.Ordinal))
            .Select(f => f!.Value.Credential)
            .ToList();
        return new Page<Credential>(items, PageRequest.Wrap(next));
    }

    /// <summary>Deletes every credential of a user (the user delete cascade), page by page.</summary>
    public virtual async Task DeleteAllForUserAsync(TenantContext tenant, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        string? token = null;
        do
        {
            var (ids, next) = await users.ListCredentialIdsAsync(userId, PageRequest.MaxLimit, token, cancellationToken).ConfigureAwait(false);
            foreach (var id in ids)
            {
                var found = await credentials.GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (found is { } hit && string.Equals(hit.Credential.TenantId, tenant.TenantId, StringComparison.Ordinal))
                {
                    await DeleteStoredAsync(hit.Credential, hit.ETag).ConfigureAwait(false);
                }
                else
                {
                    await users.RemoveCredentialAsync(userId, id, cancellationToken).ConfigureAwait(false);
                }
            }

            token = next;
        }
        while (token is not null);
    }

    /// <summary>The secret address of a credential.</summary>
    public static SecretAddress AddressOf(Credential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new SecretAddress(credential.TenantId, credential.CredentialId, credential.ConnectorId);
    }

    // Runs on CancellationToken.None: a delete that stops halfway would leave a row without its secret.
    private async Task DeleteStoredAsync(Credential credential, Azure.ETag etag)
    {
        await secrets.DeleteAsync(AddressOf(credential), CancellationToken.None).ConfigureAwait(false);
        if (!await changes.DeleteAsync(credential, etag, CancellationToken.None).ConfigureAwait(false))
        {
            // Changed since we read it (a refresh): the secret is already gone, so the row goes regardless of its version.
            await changes.DeleteAsync(credential, Azure.ETag.All, CancellationToken.None).ConfigureAwait(false);
        }

        await users.RemoveCredentialAsync(credential.UserId, credential.CredentialId, CancellationToken.None).ConfigureAwait(false);
    }

    private Task<(Credential Credential, Azure.ETag ETag)> GetWithETagAsync(TenantContext tenant, string credentialId, CancellationToken cancellationToken)
        => TenantScope.RequireCredentialAsync(credentials, tenant, credentialId, cancellationToken);
}
