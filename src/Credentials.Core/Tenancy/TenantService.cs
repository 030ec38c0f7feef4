using Credentials.Core.Configuration;
using Credentials.Core.Contracts;
using Credentials.Core.Errors;
using Credentials.Core.Ids;
using Credentials.Core.Network;
using Credentials.Core.Paging;
using Credentials.Core.Validation;
using Microsoft.Extensions.Options;

namespace Credentials.Core.Tenancy;

/// <summary>Rules for tenants, their API keys and settings.</summary>
public class TenantService(TenantStore store, TimeProvider clock, IOptions<CredentialsOptions> options)
{
    /// <summary>Most allowed redirect URIs per tenant.</summary>
    public const int MaxRedirectUris = 50;

    /// <summary>Most origins that may frame the connect page.</summary>
    public const int MaxFrameOrigins = 20;

    /// <summary>Longest display name.</summary>
    public const int MaxDisplayNameLength = 100;

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

    /// <summary>Replaces the redirect URIs and webhook URL, clearing the connect page settings (see the overload taking a <see cref="SettingsRequest"/>).</summary>
    public virtual Task<Tenant> UpdateSettingsAsync(string tenantId, IReadOnlyList<string>? allowedRedirectUris, string? webhookUrl, CancellationToken cancellationToken = default)
        => UpdateSettingsAsync(tenantId, new SettingsRequest(allowedRedirectUris, webhookUrl), cancellationToken);

    /// <summary>
    /// Replaces the tenant's settings after validating every value; nothing is written when one is invalid. Saving also
    /// re-enables a webhook that was disabled after a 410 Gone (<see cref="Tenant.WebhookDisabledAt"/>).
    /// </summary>
    public virtual async Task<Tenant> UpdateSettingsAsync(string tenantId, SettingsRequest settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var allowLoopback = options.Value.AllowInsecureLoopback;
        var errors = new Dictionary<string, string[]>();
        var uris = settings.AllowedRedirectUris ?? [];
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

        // Webhooks are delivered through the SSRF guard; an address it would refuse is refused here already, with the same policy.
        if (settings.WebhookUrl is not null && (UrlRules.Check(settings.WebhookUrl, allowLoopback) ?? CallableHost.Check(settings.WebhookUrl, allowLoopback)) is { } webhookProblem)
        {
            errors["webhookUrl"] = [webhookProblem];
        }

        if (settings.DisplayName is not null && TextRules.CheckName(settings.DisplayName, MaxDisplayNameLength, required: true) is { } nameProblem)
        {
            errors["displayName"] = [nameProblem];
        }

        if (settings.AccentColor is not null && HexColor.Check(settings.AccentColor) is { } colorProblem)
        {
            errors["accentColor"] = [colorProblem];
        }

        var frameOrigins = FrameOrigins(settings.AllowedFrameOrigins ?? [], allowLoopback, errors);
        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }

        var found = await store.GetTenantAsync(tenantId, cancellationToken) ?? throw ServiceException.NotFound("tenant");
        var updated = found.Tenant with
        {
            AllowedRedirectUris = [.. uris.Distinct(StringComparer.Ordinal)],
            WebhookUrl = settings.WebhookUrl,
            WebhookDisabledAt = null,
            DisplayName = settings.DisplayName?.Trim(),
            AccentColor = settings.AccentColor?.ToLowerInvariant(),
            AllowedFrameOrigins = frameOrigins,
            UpdatedAt = clock.GetUtcNow(),
        };
        if (!await store.UpdateTenantAsync(updated, found.ETag, cancellationToken))
        {
            throw ServiceException.Conflict("The settings were changed by another request; read them again and retry.");
        }

        return updated;
    }

    // Canonical origins (what CSP frame-ancestors and browsers compare), each checked, duplicates dropped.
    private static List<string> FrameOrigins(IReadOnlyList<string> values, bool allowLoopback, Dictionary<string, string[]> errors)
    {
        if (values.Count > MaxFrameOrigins)
        {
            errors["allowedFrameOrigins"] = [$"At most {MaxFrameOrigins} origins."];
            return [];
        }

        var origins = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            var (origin, problem) = UrlRules.CheckOrigin(values[i], allowLoopback);
            if (problem is not null)
            {
                errors[$"allowedFrameOrigins[{i}]"] = [problem];
            }
            else if (!origins.Contains(origin!, StringComparer.Ordinal))
            {
                origins.Add(origin!);
            }
        }

        return origins;
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
