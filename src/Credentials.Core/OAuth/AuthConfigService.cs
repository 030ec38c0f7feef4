using Credentials.Core.Contracts;
using Credentials.Core.Connectors;
using Credentials.Core.Errors;
using Credentials.Core.Limits;
using Credentials.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace Credentials.Core.OAuth;

/// <summary>Rules for OAuth apps: a tenant's own config wins over the deployment default (<c>Credentials__Connectors__{id}__ClientId/ClientSecret</c>).</summary>
public class AuthConfigService(AuthConfigStore store, ConnectorCatalog catalog, IConfiguration configuration, TenantLimitsProvider limits, TimeProvider clock)
{
    /// <summary>Stores a new version of the tenant's OAuth app for the connector.</summary>
    public virtual async Task<AuthConfigView> SaveAsync(string tenantId, string connectorId, string? clientId, string? clientSecret, IReadOnlyList<string>? scopes, CancellationToken cancellationToken = default)
    {
        RequireOAuthConnector(connectorId);
        var errors = new Dictionary<string, string[]>();
        if (TextRules.CheckName(clientId, 512, required: true) is { } idProblem)
        {
            errors["clientId"] = [idProblem];
        }

        if (TextRules.CheckName(clientSecret, 4096, required: true) is { } secretProblem)
        {
            errors["clientSecret"] = [secretProblem];
        }

        if (scopes is not null && (scopes.Count > 100 || scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > 256 || s.Any(c => c <= ' ' || c == '"' || c == '\\' || c > '~'))))
        {
            errors["scopes"] = ["Scopes are up to 100 printable ASCII tokens without spaces, quotes or backslashes."];
        }

        if (errors.Count > 0)
        {
            throw ServiceException.Invalid(errors);
        }

        var maxVersions = (await limits.GetAsync(tenantId, cancellationToken)).AuthConfigsPerTenant;
        var config = await store.SaveAsync(tenantId, connectorId, clientId!, clientSecret!, scopes, clock.GetUtcNow(), maxVersions, cancellationToken);
        return View(config, clock.GetUtcNow(), "tenant");
    }

    /// <summary>The tenant's current config (or the deployment default) as shown by the API.</summary>
    public virtual async Task<AuthConfigView> GetViewAsync(string tenantId, string connectorId, CancellationToken cancellationToken = default)
    {
        RequireOAuthConnector(connectorId);
        var current = await store.GetCurrentAsync(tenantId, connectorId, cancellationToken);
        if (current is { } hit)
        {
            return View(hit.Config, hit.UpdatedAt, "tenant");
        }

        return Deployment(connectorId) is { } deployment ? View(deployment, null, "deployment") : throw ServiceException.NotFound("auth config");
    }

    /// <summary>Removes the tenant's config; credentials it issued keep their version.</summary>
    public virtual async Task DeleteAsync(string tenantId, string connectorId, CancellationToken cancellationToken = default)
    {
        RequireOAuthConnector(connectorId);
        if (!await store.DeleteCurrentAsync(tenantId, connectorId, cancellationToken))
        {
            throw ServiceException.NotFound("auth config");
        }
    }

    /// <summary>The config new flows use, or null when there is none.</summary>
    public virtual async Task<AuthConfig?> ResolveForNewFlowAsync(string tenantId, string connectorId, CancellationToken cancellationToken = default)
        => (await store.GetCurrentAsync(tenantId, connectorId, cancellationToken))?.Config ?? Deployment(connectorId);

    /// <summary>The exact config (id and version) that issued a credential.</summary>
    public virtual async Task<AuthConfig?> ResolveAsync(string tenantId, string connectorId, string authConfigId, int version, CancellationToken cancellationToken = default)
    {
        if (authConfigId == AuthConfig.DeploymentId)
        {
            return Deployment(connectorId);
        }

        var found = await store.GetVersionAsync(tenantId, connectorId, version, cancellationToken);
        return found is { } hit && hit.Config.AuthConfigId == authConfigId ? hit.Config : null;
    }

    /// <summary>True when a new flow for the connector could start for this tenant.</summary>
    public virtual async Task<bool> IsConfiguredAsync(string tenantId, string connectorId, CancellationToken cancellationToken = default)
        => await ResolveForNewFlowAsync(tenantId, connectorId, cancellationToken) is not null;

    private AuthConfig? Deployment(string connectorId)
    {
        var section = configuration.GetSection($"Credentials:Connectors:{connectorId}");
        var clientId = section["ClientId"];
        var clientSecret = section["ClientSecret"];
        return string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret)
            ? null
            : new AuthConfig(AuthConfig.DeploymentId, 0, connectorId, clientId, clientSecret, null);
    }

    private void RequireOAuthConnector(string connectorId)
    {
        if (catalog.Find(connectorId) is not { OAuth2: not null })
        {
            throw ServiceException.NotFound("OAuth connector");
        }
    }

    private static AuthConfigView View(AuthConfig config, DateTimeOffset? updatedAt, string source)
        => new(config.AuthConfigId, config.Version, config.ConnectorId, config.ClientId, config.Scopes, updatedAt, source);
}
