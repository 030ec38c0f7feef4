using Credentials.Core.Configuration;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Paging;
using Credentials.Core.Validation;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Tenancy;

/// <summary>Rules for tenants, their API keys and settings.</summary>
public class TenantService(TenantStore store, TimeProvider clock, IOptions<CredentialsOptions> options)
{
    /// <summary>Most allowed redirect URIs per tenant.</summary>
    public const int MaxRedirectUris = 50;

    /// <summary>Creates a tenant and issues its first API key, which is returned once.</summary>
    public virtual async Task<(Tenant Tenant, IssuedApiKey Key)> CreateTenantAsync(string? name, CancellationToken cancellationToken = default)
    {
        if (TextRules.CheckName(name, 100, required: true) is { } problem)
        {
            throw ServiceException.Invalid("name", problem);
        }

        var now = clock.GetUtcNow();
        var tenant = new Tenant(ResourceIds.New(ResourceIds.Tenant), name!.Trim(), [], null, now, now);
        await store.CreateTenantAsync(tenant, cancellationToken);
        var key = await IssueKeyAsync(tenant.TenantId, "default", cancellationToken);
        return (tenant, key);
    }

    /// <summary>Issues another key for an existing tenant.</summary>
    public virtual async Task<IssuedApiKey> IssueApiKeyAsync(string tenantId, string? name, CancellationToken cancellationToken = default)
    {
        if (TextRules.CheckName(name, 100, required: false) is { } problem)
        {
            throw ServiceException.Invalid("name", problem);
        }

        await GetTenantAsync(tenantId, cancellationToken);
        return await IssueKeyAsync(tenantId, name?.Trim(), cancellationToken);
    }

    /// <summary>The tenant's keys (ids and state only).</summary>
    public virtual async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await GetTenantAsync(tenantId, cancellationToken);
        return await store.ListApiKeysAsync(tenantId, cancellationToken);
    }

    /// <summary>Revokes a key at once.</summary>
    public virtual async Task RevokeApiKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken = default)
    {
        RequireTenantId(tenantId);
        if (!ApiKeyFormat.IsKeyId(keyId) || !await store.RevokeApiKeyAsync(tenantId, keyId, clock.GetUtcNow(), cancellationToken))
        {
            throw ServiceException.NotFound("API key");
        }
    }

    /// <summary>One page of every tenant, in id order; the continuation token is the last id shown (keyset paging).</summary>
    public virtual async Task<Page<Tenant>> ListTenantsAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        var found = new List<Tenant>();
        await foreach (var tenant in store.ListTenantsAsync(page.StorageToken, page.Limit, cancellationToken))
        {
            found.Add(tenant);
            if (found.Count == page.Limit)
            {
                return new Page<Tenant>(found, PageRequest.Wrap(tenant.TenantId));
            }
        }

        return new Page<Tenant>(found, null);
    }

    /// <summary>The tenant, or not_found.</summary>
    public virtual async Task<Tenant> GetTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        RequireTenantId(tenantId);
        var found = await store.GetTenantAsync(tenantId, cancellationToken);
        return found?.Tenant ?? throw ServiceException.NotFound("tenant");
    }

    /// <summary>
    /// Replaces the tenant's settings after validating every value; nothing is written when one is invalid. Saving also
    /// re-enables a webhook that was disabled after a 410 Gone (<see cref="Tenant.WebhookDisabledAt"/>).
    /// </summary>
    public virtual async Task<Tenant> UpdateSettingsAsync(string tenantId, IReadOnlyList<string>? allowedRedirectUris, string? webhookUrl, CancellationToken cancellationToken = default)
    {
        var allowLoopback = options.Value.AllowInsecureLoopback;
        var errors = new Dictionary<string, string[]>();
        var uris = allowedRedirectUris ?? [];
        if (uris.Count > MaxRedirectUris)
        {
            errors["allowedRedirectUris"] = [$"At most {MaxRedirectUris} URIs."];
        }

        for (var i = 0; i < uris.Count && i < MaxRedirectUris; i++)
        {
            if (UrlRules.Check(uris[i], allowLoopback) is { } problem)
            {
                errors[$"allowedRedirectUris[{i}]"] = [problem];
            }
        }

        if (webhookUrl is not null && UrlRules.Check(webhookUrl, allowLoopback) is { } webhookProblem)
        {
            errors["webhookUrl"] = [webhookProblem];
        }

        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }

        var found = await store.GetTenantAsync(tenantId, cancellationToken) ?? throw ServiceException.NotFound("tenant");
        var updated = found.Tenant with
        {
            AllowedRedirectUris = [.. uris.Distinct(StringComparer.Ordinal)],
            WebhookUrl = webhookUrl,
            WebhookDisabledAt = null,
            UpdatedAt = clock.GetUtcNow(),
        };
        if (!await store.UpdateTenantAsync(updated, found.ETag, cancellationToken))
        {
            throw ServiceException.Conflict("The settings were changed by another request; read them again and retry.");
        }

        return updated;
    }

    private async Task<IssuedApiKey> IssueKeyAsync(string tenantId, string? name, CancellationToken cancellationToken)
    {
        var (keyId, key) = ApiKeyFormat.Generate();
        var info = new ApiKeyInfo(keyId, tenantId, name, clock.GetUtcNow(), null);
        await store.AddApiKeyAsync(info, ApiKeyFormat.Hash(key), cancellationToken);
        return new IssuedApiKey(keyId, key, name, info.CreatedAt);
    }

    private static void RequireTenantId(string tenantId)
    {
        if (!ResourceIds.IsWellFormed(tenantId, ResourceIds.Tenant))
        {
            throw ServiceException.Invalid("tenantId", "Not a tenant id.");
        }
    }
}
