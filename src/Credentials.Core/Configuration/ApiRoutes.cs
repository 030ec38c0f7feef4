namespace Credentials.Core.Configuration;

/// <summary>
/// The service's own URLs (Location headers, the OAuth callback, pointers in error messages), built in one place from the
/// host's route prefix (<see cref="HttpRoutePrefix"/>), so a host.json with another prefix changes every one of them.
/// </summary>
public sealed class ApiRoutes(string prefix)
{
    /// <summary>The prefix without slashes; empty when the host puts none.</summary>
    public string Prefix { get; } = prefix?.Trim('/') ?? throw new ArgumentNullException(nameof(prefix));

    /// <summary>The path of a function route (as written in its trigger, without the prefix).</summary>
    public string Path(string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Prefix.Length == 0 ? $"/{route.TrimStart('/')}" : $"/{Prefix}/{route.TrimStart('/')}";
    }

    /// <summary><c>/users/{userId}</c>.</summary>
    public string User(string userId) => Path($"users/{Segment(userId)}");

    /// <summary><c>/credentials/{credentialId}</c>.</summary>
    public string Credential(string credentialId) => Path($"credentials/{Segment(credentialId)}");

    /// <summary><c>/connectors</c>, the catalogue.</summary>
    public string Connectors => Path("connectors");

    /// <summary><c>/connectors/{connectorId}/auth-config</c>, a tenant's OAuth app.</summary>
    public string AuthConfig(string connectorId) => Path($"connectors/{Segment(connectorId)}/auth-config");

    /// <summary><c>/settings</c>.</summary>
    public string Settings => Path("settings");

    /// <summary><c>/platform/tenants/{tenantId}</c>.</summary>
    public string Tenant(string tenantId) => Path($"platform/tenants/{Segment(tenantId)}");

    /// <summary><c>/platform/tenants/{tenantId}/api-keys/{keyId}</c>.</summary>
    public string TenantApiKey(string tenantId, string keyId) => Path($"platform/tenants/{Segment(tenantId)}/api-keys/{Segment(keyId)}");

    /// <summary><c>/oauth/callback/{connectorId}</c>, where providers send the end user back.</summary>
    public string OAuthCallback(string connectorId) => Path($"oauth/callback/{Segment(connectorId)}");

    /// <summary><c>/connect</c>, the hosted connect page.</summary>
    public string ConnectPage => Path("connect");

    /// <summary><c>/connect/assets</c>, the page's stylesheet, script and icon.</summary>
    public string ConnectAssets => Path("connect/assets");

    /// <summary><c>/connect/session</c>, the session as its token's page sees it.</summary>
    public string ConnectPageSession => Path("connect/session");

    /// <summary><c>/connect/session/credentials</c>, where the page creates a credential or starts an OAuth flow.</summary>
    public string ConnectPageCredentials => Path("connect/session/credentials");

    /// <summary><c>/connect/sessions/{sessionId}</c>, a session as the tenant reads and revokes it.</summary>
    public string ConnectSession(string sessionId) => Path($"connect/sessions/{Segment(sessionId)}");

    /// <summary>
    /// The absolute URL of the connect page for a session, without its token (which travels in the fragment): where the page's
    /// OAuth flows return to. The session id in the query is no secret; it lets the page's answer name its frame ancestors.
    /// </summary>
    public string ConnectPageUrl(Uri publicBaseUrl, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return $"{publicBaseUrl.AbsoluteUri.TrimEnd('/')}{ConnectPage}?session={Segment(sessionId)}";
    }

    /// <summary>The absolute callback URL a tenant registers at the provider for a connector.</summary>
    public string CallbackUrl(Uri publicBaseUrl, string connectorId)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return publicBaseUrl.AbsoluteUri.TrimEnd('/') + OAuthCallback(connectorId);
    }

    private static string Segment(string value) => Uri.EscapeDataString(value ?? throw new ArgumentNullException(nameof(value)));
}
