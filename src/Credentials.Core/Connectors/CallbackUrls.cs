namespace Credentials.Core.Connectors;

/// <summary>The OAuth callback URL of a connector: what a tenant registers at the provider and what the service sends as <c>redirect_uri</c>.</summary>
public static class CallbackUrls
{
    /// <summary><c>{PublicBaseUrl}/api/oauth/callback/{connectorId}</c>.</summary>
    public static string For(Uri publicBaseUrl, string connectorId)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return $"{publicBaseUrl.AbsoluteUri.TrimEnd('/')}/api/oauth/callback/{connectorId}";
    }
}
